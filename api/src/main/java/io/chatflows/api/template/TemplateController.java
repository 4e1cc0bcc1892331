package io.chatflows.api.template;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /chat-flow/templates/}: WhatsApp templates that template nodes send. */
@Tag(name = "Templates", description = "WhatsApp message templates that template nodes send")
@RestController
@RequestMapping("/chat-flow/templates")
class TemplateController {

  private final TemplateStore templates;
  private final TemplateSync sync;
  private final ChannelStore channels;

  TemplateController(TemplateStore templates, TemplateSync sync, ChannelStore channels) {
    this.templates = templates;
    this.sync = sync;
    this.channels = channels;
  }

  /**
   * Create/replace body. {@code components} follows the WhatsApp Cloud API template shape; the
   * name, language, category and components follow WhatsApp's rules ({@link TemplateInput}).
   */
  record TemplateRequest(
      String name, String language, String category, List<Map<String, Object>> components) {}

  /**
   * A template with the quick-reply button texts derived from its components. {@code status}: for a
   * template imported from a WhatsApp Business Account, WhatsApp's review status ({@code APPROVED},
   * {@code PAUSED}, {@code DISABLED}, {@code REJECTED}, {@code PENDING}, {@code DELETED} when the
   * account no longer lists it, ...), {@code null} for one created here; {@code sendable}: whether
   * a flow can send it (approved, or created here).
   */
  record TemplateResponse(
      String id,
      String name,
      String language,
      String category,
      List<Map<String, Object>> components,
      List<String> buttons,
      Instant createdAt,
      Instant updatedAt,
      String status,
      boolean sendable,
      String qualityScore,
      String reason,
      String whatsappId,
      String wabaId,
      Instant statusAt,
      Instant syncedAt) {

    static TemplateResponse of(TemplateDocument t) {
      return new TemplateResponse(
          t.id(),
          t.name(),
          t.language(),
          t.category(),
          t.components(),
          t.quickReplies(),
          t.createdAt(),
          t.updatedAt(),
          t.status(),
          t.spec().sendable(),
          t.qualityScore(),
          t.reason(),
          t.whatsappId(),
          t.wabaId(),
          t.statusAt(),
          t.syncedAt());
    }
  }

  /**
   * Sync body: {@code channel}, the {@code phone_number_id} of the channel whose business account
   * ({@code waba_id}) to read; left out, every channel of the workspace that names one.
   */
  record SyncRequest(String channel) {}

  /** What a sync did, per business account. */
  record SyncResponse(List<TemplateSync.AccountSync> accounts) {}

  @Operation(operationId = "listTemplates", summary = "List templates by name")
  @GetMapping
  PageResponse<TemplateResponse> list(Workspace workspace, Paging paging) {
    List<TemplateResponse> results =
        templates.page(workspace.id(), paging.offset(), paging.pageSize()).stream()
            .map(TemplateResponse::of)
            .toList();
    return paging.answer(results, templates.count(workspace.id()));
  }

  @Operation(operationId = "createTemplate", summary = "Create a template")
  @ResponseStatus(HttpStatus.CREATED)
  @ApiResponse(
      responseCode = "409",
      description = "the workspace has a template with this name and language (`template_exists`)")
  @PostMapping
  TemplateResponse create(Workspace workspace, @RequestBody TemplateRequest body) {
    Instant now = Instant.now();
    TemplateDocument saved =
        unique(
            () ->
                templates.save(
                    document(UUID.randomUUID().toString(), workspace.id(), body, now, now, null)));
    return TemplateResponse.of(saved);
  }

  @Operation(
      operationId = "syncTemplates",
      summary = "Import the templates of the workspace's WhatsApp Business Accounts",
      description =
          "Reads GET /{waba_id}/message_templates of the channel's business account (every page),"
              + " or of every channel that names one, then upserts each template by name and"
              + " language. Templates no longer listed are marked DELETED. Idempotent; a failure"
              + " while reading changes nothing.")
  @ApiResponse(
      responseCode = "404",
      description = "`channel` is not a channel of the workspace (`not_found`)")
  @ApiResponse(
      responseCode = "409",
      description =
          "no `cloud_api` channel to sync names a business account and access token (`no_waba`)")
  @ApiResponse(
      responseCode = "502",
      description =
          "the Graph API refused the listing (`template_sync_refused`) or answered something"
              + " else than pages of templates (`template_sync_failed`); nothing was changed")
  @ApiResponse(
      responseCode = "503",
      description =
          "the Graph API is unreachable, throttles or fails (`graph_api_unavailable`); nothing was"
              + " changed")
  @ResponseStatus(HttpStatus.OK)
  @PostMapping("/sync")
  SyncResponse sync(Workspace workspace, @RequestBody(required = false) SyncRequest body) {
    List<ChannelDocument> which;
    if (body != null && body.channel() != null) {
      which =
          List.of(
              channels
                  .find(workspace.id(), body.channel())
                  .orElseThrow(() -> ApiException.notFound("channel")));
    } else {
      which = channels.list(workspace.id());
    }
    if (which.stream().noneMatch(TemplateSync::syncable)) {
      throw ApiException.conflict(
          "no_waba",
          "no cloud_api channel to sync names its WhatsApp Business Account: set the channel's"
              + " waba_id and access_token");
    }
    return new SyncResponse(sync.sync(workspace.id(), which));
  }

  @Operation(operationId = "getTemplate", summary = "Get a template")
  @GetMapping("/{id}")
  TemplateResponse get(Workspace workspace, @PathVariable String id) {
    return TemplateResponse.of(find(workspace, id));
  }

  @Operation(operationId = "replaceTemplate", summary = "Replace a template")
  @PutMapping("/{id}")
  TemplateResponse replace(
      Workspace workspace, @PathVariable String id, @RequestBody TemplateRequest body) {
    TemplateDocument existing = find(workspace, id);
    return TemplateResponse.of(
        unique(
            () ->
                templates.save(
                    document(
                        id, workspace.id(), body, existing.createdAt(), Instant.now(), existing))));
  }

  @Operation(operationId = "deleteTemplate", summary = "Delete a template")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @DeleteMapping("/{id}")
  void delete(Workspace workspace, @PathVariable String id) {
    if (!templates.delete(workspace.id(), id)) {
      throw ApiException.notFound("template");
    }
  }

  private TemplateDocument find(Workspace workspace, String id) {
    return templates.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("template"));
  }

  /** A save that answers 409 {@code template_exists} when the name and language are taken. */
  private static TemplateDocument unique(Supplier<TemplateDocument> save) {
    try {
      return save.get();
    } catch (DuplicateKeyException e) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "template_exists",
          "the workspace has a template with this name and language",
          List.of(
              Map.of(
                  "field",
                  "name",
                  "code",
                  "template_exists",
                  "message",
                  "name and language must be unique in the workspace")));
    }
  }

  /**
   * The stored template of a request; a replaced template keeps what WhatsApp said of it (its id,
   * account, status and quality).
   */
  private static TemplateDocument document(
      String id,
      String workspaceId,
      TemplateRequest body,
      Instant createdAt,
      Instant updatedAt,
      TemplateDocument existing) {
    return new TemplateDocument(
        id,
        workspaceId,
        TemplateInput.name(body.name()),
        TemplateInput.language(body.language()),
        TemplateInput.category(body.category()),
        TemplateInput.components(body.components()),
        createdAt,
        updatedAt,
        existing == null ? null : existing.whatsappId(),
        existing == null ? null : existing.wabaId(),
        existing == null ? null : existing.status(),
        existing == null ? null : existing.qualityScore(),
        existing == null ? null : existing.reason(),
        existing == null ? null : existing.statusAt(),
        existing == null ? null : existing.qualityAt(),
        existing == null ? null : existing.syncedAt());
  }
}
