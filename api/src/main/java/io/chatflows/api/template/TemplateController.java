package io.chatflows.api.template;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  TemplateController(TemplateStore templates) {
    this.templates = templates;
  }

  /**
   * Create/replace body. {@code components} follows the WhatsApp Cloud API template shape; the
   * name, language, category and components follow WhatsApp's rules ({@link TemplateInput}).
   */
  record TemplateRequest(
      String name, String language, String category, List<Map<String, Object>> components) {}

  /** A template with the quick-reply button texts derived from its components. */
  record TemplateResponse(
      String id,
      String name,
      String language,
      String category,
      List<Map<String, Object>> components,
      List<String> buttons,
      Instant createdAt,
      Instant updatedAt) {

    static TemplateResponse of(TemplateDocument t) {
      return new TemplateResponse(
          t.id(),
          t.name(),
          t.language(),
          t.category(),
          t.components(),
          t.quickReplies(),
          t.createdAt(),
          t.updatedAt());
    }
  }

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
  @PostMapping
  TemplateResponse create(Workspace workspace, @RequestBody TemplateRequest body) {
    Instant now = Instant.now();
    TemplateDocument saved =
        templates.save(document(UUID.randomUUID().toString(), workspace.id(), body, now, now));
    return TemplateResponse.of(saved);
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
        templates.save(document(id, workspace.id(), body, existing.createdAt(), Instant.now())));
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

  private static TemplateDocument document(
      String id, String workspaceId, TemplateRequest body, Instant createdAt, Instant updatedAt) {
    return new TemplateDocument(
        id,
        workspaceId,
        TemplateInput.name(body.name()),
        TemplateInput.language(body.language()),
        TemplateInput.category(body.category()),
        TemplateInput.components(body.components()),
        createdAt,
        updatedAt);
  }
}
