package io.chatflows.api.trigger;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelStore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Creates, replaces and deletes triggers. An active trigger may not claim what another active
 * trigger of the workspace claims: the same keyword with the same match kind, channel scope and
 * priority, or a second catch-all on the same channel scope. Such a save is refused with 409 naming
 * the other trigger, so which flow a message starts is never decided by chance.
 */
@Service
class TriggerService {

  private final TriggerStore triggers;
  private final FlowStore flows;
  private final ChannelStore channels;

  TriggerService(TriggerStore triggers, FlowStore flows, ChannelStore channels) {
    this.triggers = triggers;
    this.flows = flows;
    this.channels = channels;
  }

  /** Create/replace body; see {@link TriggerInput} for the rules of each field. */
  @Schema(name = "TriggerRequest")
  record TriggerRequest(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "id of the flow of this workspace the trigger starts")
          String flow,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"keyword", "catch_all"})
          String type,
      @Schema(
              description =
                  "1 to 20 keywords or phrases (up to 64 characters; patterns up to 200) for a"
                      + " keyword trigger; none for a catch_all")
          List<String> keywords,
      @Schema(
              allowableValues = {"exact", "contains", "regex"},
              description = "how keywords match (keyword triggers; default exact)")
          String match,
      @Schema(
              nullable = true,
              description =
                  "phone_number_id of one channel of the workspace; absent: every channel")
          String channel,
      @Schema(minimum = "0", maximum = "1000", description = "higher wins; default 0")
          Long priority,
      @Schema(description = "may end a conversation in progress and start the flow; default false")
          Boolean interrupt,
      @Schema(description = "default true") Boolean isActive) {}

  TriggerDocument get(Workspace workspace, String id) {
    return triggers.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("trigger"));
  }

  List<TriggerDocument> page(Workspace workspace, long offset, int limit) {
    return triggers.page(workspace.id(), offset, limit);
  }

  long count(Workspace workspace) {
    return triggers.count(workspace.id());
  }

  TriggerDocument create(Workspace workspace, TriggerRequest body) {
    Instant now = Instant.now();
    TriggerDocument trigger = checked(workspace, UUID.randomUUID().toString(), body, now);
    refuseConflicts(workspace, trigger);
    return triggers.save(trigger);
  }

  TriggerDocument replace(Workspace workspace, String id, TriggerRequest body) {
    TriggerDocument existing = get(workspace, id);
    TriggerDocument trigger = checked(workspace, id, body, Instant.now()).replacing(existing);
    refuseConflicts(workspace, trigger);
    return triggers.save(trigger);
  }

  void delete(Workspace workspace, String id) {
    if (!triggers.delete(workspace.id(), id)) {
      throw ApiException.notFound("trigger");
    }
  }

  /** Whether the trigger's flow exists and is active: otherwise the trigger does not fire. */
  boolean flowActive(Workspace workspace, TriggerDocument trigger) {
    return flows.find(workspace.id(), trigger.flowId()).map(FlowDocument::isActive).orElse(false);
  }

  private TriggerDocument checked(
      Workspace workspace, String id, TriggerRequest body, Instant now) {
    if (body == null) {
      throw ApiException.badRequest("missing_body", "the request needs a JSON body");
    }
    if (body.flow() == null || flows.find(workspace.id(), body.flow()).isEmpty()) {
      throw ApiException.invalidField(
          "unknown_flow", "flow", "flow must name a flow of this workspace");
    }
    if (body.channel() != null && channels.find(workspace.id(), body.channel()).isEmpty()) {
      throw ApiException.invalidField(
          "unknown_channel",
          "channel",
          "channel must be the phone_number_id of a channel of this workspace, or absent for all");
    }
    String type = TriggerInput.type(body.type());
    String match = TriggerInput.match(type, body.match());
    return new TriggerDocument(
        id,
        workspace.id(),
        body.flow(),
        type,
        TriggerInput.keywords(type, match, body.keywords()),
        match,
        body.channel(),
        TriggerInput.priority(body.priority()),
        Boolean.TRUE.equals(body.interrupt()),
        body.isActive() == null || body.isActive(),
        now,
        now);
  }

  private void refuseConflicts(Workspace workspace, TriggerDocument trigger) {
    if (!trigger.isActive()) {
      return;
    }
    for (TriggerDocument other : triggers.active(workspace.id())) {
      if (other.id().equals(trigger.id())
          || !other.type().equals(trigger.type())
          || !Objects.equals(other.channel(), trigger.channel())) {
        continue;
      }
      if (!trigger.isKeyword()) {
        throw conflict(
            other,
            "type",
            "trigger "
                + other.id()
                + " is already the active catch-all of "
                + scope(trigger.channel()));
      }
      if (!Objects.equals(other.match(), trigger.match())
          || other.priority() != trigger.priority()) {
        continue;
      }
      Set<String> theirs = claimed(other);
      Optional<String> shared =
          trigger.keywords().stream().filter(k -> theirs.contains(claim(trigger, k))).findFirst();
      if (shared.isPresent()) {
        throw conflict(
            other,
            "keywords",
            "trigger "
                + other.id()
                + " already claims the keyword \""
                + shared.get()
                + "\" ("
                + trigger.match()
                + ", priority "
                + trigger.priority()
                + ") on "
                + scope(trigger.channel())
                + "; give one of them another priority or deactivate it");
      }
    }
  }

  private static Set<String> claimed(TriggerDocument trigger) {
    return trigger.keywords().stream().map(k -> claim(trigger, k)).collect(Collectors.toSet());
  }

  /** What a keyword claims: its normalised text; a pattern claims its exact text. */
  private static String claim(TriggerDocument trigger, String keyword) {
    return "regex".equals(trigger.match()) ? keyword : TriggerText.normalize(keyword);
  }

  private static String scope(String channel) {
    return channel == null ? "all channels" : "channel " + channel;
  }

  private static ApiException conflict(TriggerDocument other, String field, String message) {
    return ApiException.invalidField(
        HttpStatus.CONFLICT,
        "trigger_conflict",
        field,
        message,
        List.of(Map.of("code", "trigger_conflict", "message", message, "trigger", other.id())));
  }
}
