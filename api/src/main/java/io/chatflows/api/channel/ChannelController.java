package io.chatflows.api.channel;

import static io.chatflows.api.channel.ChannelPayloads.field;
import static io.chatflows.api.channel.ChannelPayloads.mode;
import static io.chatflows.api.channel.ChannelPayloads.phoneNumberId;
import static io.chatflows.api.channel.ChannelPayloads.text;

import io.chatflows.api.channel.ChannelPayloads.ChannelRequest;
import io.chatflows.api.channel.ChannelPayloads.ChannelResponse;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /chat-flow/channels/}: the workspace's WhatsApp business numbers. {@code {id}} is the
 * channel's id or its {@code phone_number_id}. Secrets are write-only.
 *
 * <p>A {@code phone_number_id} belongs to one channel in the whole service (webhooks are routed by
 * it). A {@code cloud_api} channel is accepted only when the Graph API confirms that its access
 * token manages the number ({@link NumberOwnership}), on create and whenever the token changes or
 * the channel becomes {@code cloud_api}. A number another workspace already has gets the very
 * answer of a failed check, so no workspace learns which numbers others have; the workspace's own
 * number again is a 409.
 */
@Tag(
    name = "Channels",
    description = "The workspace's WhatsApp business numbers; secrets are write-only")
@RestController
@RequestMapping("/chat-flow/channels")
class ChannelController {

  static final String NOT_VERIFIED =
      "a field is invalid (`field` names it), or the Graph API did not confirm that the access"
          + " token manages the number (`phone_number_not_verified`)";

  static final String GRAPH_DOWN =
      "the Graph API could not be reached to verify the number (`graph_api_unavailable`)";

  private final ChannelStore channels;
  private final ConversationStore conversations;
  private final NumberOwnership ownership;

  ChannelController(
      ChannelStore channels, ConversationStore conversations, NumberOwnership ownership) {
    this.channels = channels;
    this.conversations = conversations;
    this.ownership = ownership;
  }

  @Operation(operationId = "listChannels", summary = "List channels, oldest first")
  @GetMapping
  PageResponse<ChannelResponse> list(Workspace workspace, Paging paging) {
    List<ChannelDocument> all = channels.list(workspace.id());
    List<ChannelResponse> results =
        all.stream()
            .skip(paging.offset())
            .limit(paging.pageSize())
            .map(ChannelResponse::of)
            .toList();
    return paging.answer(results, all.size());
  }

  /** Creates a channel; the workspace's first channel becomes its default. */
  @Operation(operationId = "createChannel", summary = "Connect a WhatsApp number")
  @ResponseStatus(HttpStatus.CREATED)
  @ApiResponse(responseCode = "400", description = NOT_VERIFIED)
  @ApiResponse(
      responseCode = "409",
      description = "the workspace has a channel with this number (`phone_number_id_taken`)")
  @ApiResponse(responseCode = "503", description = GRAPH_DOWN)
  @PostMapping
  ChannelResponse create(Workspace workspace, @RequestBody ChannelRequest body) {
    ChannelDocument channel =
        new ChannelDocument(
            UUID.randomUUID().toString(),
            workspace.id(),
            phoneNumberId(body.phoneNumberId()),
            text("display_phone_number", body.displayPhoneNumber()),
            text("waba_id", body.wabaId()),
            text("access_token", body.accessToken()),
            text("app_secret", body.appSecret()),
            text("verify_token", body.verifyToken()),
            mode(body.mode()),
            Boolean.TRUE.equals(body.isDefault()) || channels.list(workspace.id()).isEmpty(),
            Instant.now());
    return store(null, channel);
  }

  @Operation(operationId = "getChannel", summary = "Get a channel by id or phone_number_id")
  @GetMapping("/{id}")
  ChannelResponse get(Workspace workspace, @PathVariable String id) {
    return ChannelResponse.of(find(workspace, id));
  }

  /**
   * Replaces the channel like a create would (omitted optional fields are cleared, {@code mode}
   * defaults to {@code sandbox}), except that omitted secrets keep their value.
   */
  @Operation(operationId = "replaceChannel", summary = "Replace a channel")
  @ApiResponse(responseCode = "400", description = NOT_VERIFIED)
  @ApiResponse(responseCode = "503", description = GRAPH_DOWN)
  @ResponseStatus(HttpStatus.OK)
  @PutMapping("/{id}")
  ChannelResponse replace(
      Workspace workspace, @PathVariable String id, @RequestBody ChannelRequest body) {
    ChannelDocument existing = find(workspace, id);
    samePhoneNumber(existing, phoneNumberId(body.phoneNumberId()));
    return store(existing, changed(existing, body, false));
  }

  /** Changes the given fields only. */
  @Operation(operationId = "updateChannel", summary = "Change some fields of a channel")
  @ApiResponse(responseCode = "400", description = NOT_VERIFIED)
  @ApiResponse(responseCode = "503", description = GRAPH_DOWN)
  @ResponseStatus(HttpStatus.OK)
  @PatchMapping("/{id}")
  ChannelResponse patch(
      Workspace workspace, @PathVariable String id, @RequestBody ChannelRequest body) {
    ChannelDocument existing = find(workspace, id);
    if (body.phoneNumberId() != null) {
      samePhoneNumber(existing, phoneNumberId(body.phoneNumberId()));
    }
    return store(existing, changed(existing, body, true));
  }

  /**
   * The channel after a PUT or ({@code partial}) a PATCH. Secrets left out keep their value either
   * way; other fields left out keep theirs on PATCH, and are cleared on PUT ({@code mode} back to
   * {@code sandbox}, not the default).
   */
  private static ChannelDocument changed(
      ChannelDocument existing, ChannelRequest body, boolean partial) {
    String display = text("display_phone_number", body.displayPhoneNumber());
    String wabaId = text("waba_id", body.wabaId());
    return new ChannelDocument(
        existing.id(),
        existing.workspaceId(),
        existing.phoneNumberId(),
        partial ? orElse(display, existing.displayPhoneNumber()) : display,
        partial ? orElse(wabaId, existing.wabaId()) : wabaId,
        orElse(text("access_token", body.accessToken()), existing.accessToken()),
        orElse(text("app_secret", body.appSecret()), existing.appSecret()),
        orElse(text("verify_token", body.verifyToken()), existing.verifyToken()),
        partial && body.mode() == null ? existing.mode() : mode(body.mode()),
        partial && body.isDefault() == null
            ? existing.isDefault()
            : Boolean.TRUE.equals(body.isDefault()),
        existing.createdAt());
  }

  /** Deletes the channel unless conversations are still running on it (409). */
  @Operation(operationId = "deleteChannel", summary = "Delete a channel")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @ApiResponse(
      responseCode = "409",
      description = "conversations are still running on the channel (`channel_in_use`)")
  @DeleteMapping("/{id}")
  void delete(Workspace workspace, @PathVariable String id) {
    ChannelDocument channel = find(workspace, id);
    long open =
        conversations.count(
            ConversationQuery.inWorkspace(workspace.id())
                .channel(channel.phoneNumberId())
                .open()
                .build());
    if (open > 0) {
      throw ApiException.conflict(
          "channel_in_use",
          open + " conversations are running on this channel; cancel them or let them end first");
    }
    channels.delete(workspace.id(), channel.id());
  }

  /** Saves a new channel ({@code existing} null) or a change of one, after the ownership checks. */
  private ChannelResponse store(ChannelDocument existing, ChannelDocument channel) {
    ChannelPayloads.requireCredentials(channel);
    String number = channel.phoneNumberId();
    if (needsProof(existing, channel) && !ownership.confirms(number, channel.accessToken())) {
      throw NumberOwnership.notVerified(number);
    }
    if (existing == null) {
      refuseTaken(channel.workspaceId(), number);
    }
    try {
      channels.save(channel);
    } catch (DuplicateKeyException e) {
      refuseTaken(channel.workspaceId(), number);
      throw NumberOwnership.notVerified(number);
    }
    if (channel.isDefault()) {
      channels.makeDefault(channel.workspaceId(), channel.id());
    }
    return ChannelResponse.of(channels.findById(channel.workspaceId(), channel.id()).orElseThrow());
  }

  /** A cloud_api channel proves its number when it is new, becomes cloud_api or gets a token. */
  private static boolean needsProof(ChannelDocument existing, ChannelDocument channel) {
    return ChannelDocument.CLOUD_API.equals(channel.mode())
        && (existing == null
            || !ChannelDocument.CLOUD_API.equals(existing.mode())
            || !channel.accessToken().equals(existing.accessToken()));
  }

  /** The workspace's own number is a 409; another workspace's the answer of a failed check. */
  private void refuseTaken(String workspaceId, String phoneNumberId) {
    Optional<String> owner = channels.workspaceOf(phoneNumberId);
    if (owner.isEmpty()) {
      return;
    }
    if (!owner.get().equals(workspaceId)) {
      throw NumberOwnership.notVerified(phoneNumberId);
    }
    throw ApiException.conflict(
        "phone_number_id_taken",
        "phone_number_id " + phoneNumberId + " is already a channel of this workspace");
  }

  private ChannelDocument find(Workspace workspace, String id) {
    return channels
        .findById(workspace.id(), id)
        .or(() -> channels.find(workspace.id(), id))
        .orElseThrow(() -> ApiException.notFound("channel"));
  }

  private static void samePhoneNumber(ChannelDocument existing, String phoneNumberId) {
    if (!existing.phoneNumberId().equals(phoneNumberId)) {
      throw field(
          "phone_number_id",
          "cannot change (conversations and webhooks are keyed by it); create a new channel");
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
