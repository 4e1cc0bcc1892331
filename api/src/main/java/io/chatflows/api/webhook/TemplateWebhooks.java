package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Template changes a webhook delivery reports: the {@code message_template_status_update} and
 * {@code message_template_quality_update} fields of a {@code whatsapp_business_account} entry,
 * whose {@code id} is the business account (WABA). They are applied to the templates of the
 * workspaces whose channels of that account have the app secret that signs the delivery (never
 * another workspace's), after the signature was checked; a redelivered or older report changes
 * nothing ({@link TemplateStore#applyReport}).
 */
@Component
class TemplateWebhooks {

  static final String STATUS_FIELD = "message_template_status_update";
  static final String QUALITY_FIELD = "message_template_quality_update";

  private static final Pattern WABA_ID = Pattern.compile("[0-9]{1,32}");

  /** The statuses an {@code event} may set; the others are acknowledged and ignored. */
  private static final Set<String> STATUSES =
      Set.of(
          "APPROVED",
          "REJECTED",
          "PENDING",
          "PAUSED",
          "DISABLED",
          "IN_APPEAL",
          "PENDING_DELETION",
          "DELETED",
          "ARCHIVED",
          "LIMIT_EXCEEDED",
          "LOCKED");

  /** Events that make a template sendable again. */
  private static final Set<String> BACK_TO_APPROVED =
      Set.of("REINSTATED", "UNARCHIVED", "UNLOCKED");

  private static final Set<String> QUALITIES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");

  private final ChannelStore channels;
  private final TemplateStore templates;

  TemplateWebhooks(ChannelStore channels, TemplateStore templates) {
    this.channels = channels;
    this.templates = templates;
  }

  /** One template change of a delivery. */
  record Change(
      String wabaId,
      boolean quality,
      String value,
      String whatsappId,
      String name,
      String language,
      String reason,
      Instant at) {}

  /** The template changes of a body, in order; {@code null} values where WhatsApp sent none. */
  static List<Change> changes(JsonNode root) {
    List<Change> changes = new ArrayList<>();
    for (JsonNode entry : root.path("entry")) {
      String wabaId = text(entry, "id");
      Instant at = time(entry);
      for (JsonNode change : entry.path("changes")) {
        String field = text(change, "field");
        JsonNode value = change.path("value");
        if (STATUS_FIELD.equals(field)) {
          String reason = text(value, "reason");
          changes.add(
              new Change(
                  wabaId,
                  false,
                  upper(text(value, "event")),
                  text(value, "message_template_id"),
                  text(value, "message_template_name"),
                  text(value, "message_template_language"),
                  reason == null || "NONE".equals(reason) ? null : reason,
                  at));
        } else if (QUALITY_FIELD.equals(field)) {
          changes.add(
              new Change(
                  wabaId,
                  true,
                  upper(text(value, "new_quality_score")),
                  text(value, "message_template_id"),
                  text(value, "message_template_name"),
                  text(value, "message_template_language"),
                  null,
                  at));
        }
      }
    }
    return changes;
  }

  /**
   * Applies the template changes of a delivery and returns each one's outcome ({@code recorded},
   * {@code duplicate}, {@code stale}, {@code unknown_template}, {@code unsupported}, {@code
   * unknown_channel}).
   *
   * @throws ApiException 401 {@code invalid_signature} when a business account the body names has
   *     channels here and none of their app secrets signs it
   */
  List<String> process(
      JsonNode root, byte[] body, String signature, int maxAccounts, int maxEvents) {
    List<Change> changes = changes(root);
    if (changes.isEmpty()) {
      return List.of();
    }
    if (changes.size() > maxEvents) {
      throw ApiException.badRequest(
          "batch_too_large", "a webhook delivery may carry at most " + maxEvents + " events");
    }
    Set<String> accounts = new LinkedHashSet<>();
    changes.forEach(c -> accounts.add(c.wabaId()));
    if (accounts.size() > maxAccounts) {
      throw ApiException.badRequest(
          "too_many_channels",
          "a webhook delivery may name at most " + maxAccounts + " business accounts");
    }
    Map<String, Set<String>> signedWorkspaces = new HashMap<>();
    boolean anyKnown = false;
    for (String wabaId : accounts) {
      Set<String> workspaces = new LinkedHashSet<>();
      if (wabaId != null && WABA_ID.matcher(wabaId).matches()) {
        for (ChannelDocument channel : channels.byWabaId(wabaId)) {
          anyKnown = true;
          if (channel.appSecret() != null
              && Signatures.valid(channel.appSecret(), body, signature)) {
            workspaces.add(channel.workspaceId());
          }
        }
      }
      signedWorkspaces.put(wabaId, workspaces);
    }
    if (anyKnown && signedWorkspaces.values().stream().allMatch(Set::isEmpty)) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "invalid_signature",
          "X-Hub-Signature-256 does not match the body");
    }
    List<String> outcomes = new ArrayList<>();
    for (Change change : changes) {
      outcomes.add(apply(change, signedWorkspaces.get(change.wabaId())));
    }
    return outcomes;
  }

  private String apply(Change change, Set<String> workspaces) {
    if (workspaces == null || workspaces.isEmpty()) {
      return "unknown_channel";
    }
    String value = value(change);
    if (value == null || change.at() == null) {
      return "unsupported";
    }
    String outcome = "unknown_template";
    for (String workspaceId : workspaces) {
      TemplateStore.Applied applied =
          templates.applyReport(
              workspaceId,
              change.wabaId(),
              change.whatsappId(),
              change.name(),
              change.language(),
              change.quality(),
              value,
              change.reason(),
              change.at());
      String result = applied.name().toLowerCase(Locale.ROOT);
      if (applied == TemplateStore.Applied.RECORDED || "unknown_template".equals(outcome)) {
        outcome = result;
      }
    }
    return outcome;
  }

  /** The status or quality a change sets, {@code null} for one that sets none. */
  private static String value(Change change) {
    if (change.value() == null) {
      return null;
    }
    if (change.quality()) {
      return QUALITIES.contains(change.value()) ? change.value() : null;
    }
    if (BACK_TO_APPROVED.contains(change.value())) {
      return "APPROVED";
    }
    return STATUSES.contains(change.value()) ? change.value() : null;
  }

  /** The entry's {@code time} (epoch seconds), now when there is none, null when out of range. */
  private static Instant time(JsonNode entry) {
    JsonNode time = entry.get("time");
    if (time == null || time.isNull()) {
      return Instant.now();
    }
    try {
      long seconds = Long.parseLong(time.asString().trim());
      return io.chatflows.workflows.graph.Limits.EPOCH_SECONDS.contains(seconds)
          ? Instant.ofEpochSecond(seconds)
          : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }
}
