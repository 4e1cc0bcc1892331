package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a WhatsApp Cloud API webhook body: several entries, changes, messages and statuses per
 * delivery. In two steps, so the signature is checked before the events are interpreted: {@link
 * #channelIds} finds the business numbers a body names (the channels whose app secret signs it),
 * {@link #events} reads the events. Neither ever throws on odd input: a value out of range (a
 * timestamp, a status WhatsApp does not send) makes its event a bad one, with the problem named.
 * Only a body that is not a JSON object is a 400.
 */
public final class WebhookParser {

  /** The delivery statuses WhatsApp reports for a message we sent. */
  public static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "failed");

  private WebhookParser() {}

  /** An event of the delivery and, for a bad one, what is wrong with it. */
  public record Parsed(WebhookEvent event, String problem) {}

  /** The body as a JSON object, or 400 {@code malformed_webhook}. */
  public static JsonNode tree(JsonMapper json, byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("malformed_webhook", "the webhook body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("malformed_webhook", "the webhook body is not a JSON object");
    }
    return root;
  }

  /** Every {@code metadata.phone_number_id} the body names, in order, each once. */
  public static Set<String> channelIds(JsonNode root) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        String channelId = text(change.path("value").path("metadata"), "phone_number_id");
        if (channelId != null) {
          ids.add(channelId);
        }
      }
    }
    return ids;
  }

  /** The messages and statuses of every change that names its business number, in order. */
  public static List<Parsed> events(JsonNode root) {
    List<Parsed> events = new ArrayList<>();
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        JsonNode value = change.path("value");
        String channelId = text(value.path("metadata"), "phone_number_id");
        if (channelId == null) {
          continue;
        }
        for (JsonNode message : value.path("messages")) {
          events.add(message(channelId, value, message));
        }
        for (JsonNode status : value.path("statuses")) {
          events.add(status(channelId, status));
        }
      }
    }
    return events;
  }

  /** Reads the events of a body (for callers that need no signature check). */
  public static List<WebhookEvent> parse(JsonMapper json, byte[] body, int maxEvents) {
    List<Parsed> events = events(tree(json, body));
    checkSize(events, maxEvents);
    return events.stream().map(Parsed::event).toList();
  }

  /** At most {@code maxEvents} per delivery, else 400 {@code batch_too_large}. */
  public static void checkSize(List<Parsed> events, int maxEvents) {
    if (events.size() > maxEvents) {
      throw ApiException.badRequest(
          "batch_too_large", "a webhook delivery may carry at most " + maxEvents + " events");
    }
  }

  private static Parsed message(String channelId, JsonNode value, JsonNode message) {
    String from = text(message, "from");
    String id = text(message, "id");
    String type = text(message, "type");
    String context = text(message.path("context"), "id");
    String name = null;
    for (JsonNode contact : value.path("contacts")) {
      if (from != null && from.equals(text(contact, "wa_id"))) {
        name = text(contact.path("profile"), "name");
      }
    }
    InboundEvent event = null;
    if (id != null && type != null) {
      switch (type) {
        case "button" ->
            event =
                InboundEvent.button(
                    id,
                    text(message.path("button"), "text"),
                    text(message.path("button"), "payload"),
                    context);
        case "interactive" -> event = interactive(id, message.path("interactive"), context);
        case "text" -> event = InboundEvent.text(id, text(message.path("text"), "body"));
        case "location" -> event = location(id, message.path("location"));
        case "image", "video", "audio", "document", "sticker" ->
            event = InboundEvent.media(id, type, text(message.path(type), "caption"));
        default -> event = null;
      }
    }
    Optional<Instant> time = time(message);
    if (event != null && time.isPresent()) {
      event = event.sentAt(time.get().toEpochMilli());
    }
    return new Parsed(
        new WebhookEvent.Message(channelId, from, name, id, type, event, time.orElse(null)),
        time.isEmpty() ? "invalid_timestamp" : null);
  }

  /**
   * A tap on a reply button ({@code button_reply}) or a list row chosen ({@code list_reply}): the
   * id we gave it and its title; other interactive replies are no signal.
   */
  private static InboundEvent interactive(String id, JsonNode interactive, String context) {
    JsonNode button = interactive.path("button_reply");
    if (button.isObject()) {
      return InboundEvent.buttonReply(id, text(button, "id"), text(button, "title"), context);
    }
    JsonNode row = interactive.path("list_reply");
    if (row.isObject()) {
      return InboundEvent.listReply(id, text(row, "id"), text(row, "title"), context);
    }
    return null;
  }

  /** A shared location as {@code latitude,longitude}; no signal without both. */
  private static InboundEvent location(String id, JsonNode location) {
    String latitude = text(location, "latitude");
    String longitude = text(location, "longitude");
    return latitude == null || longitude == null
        ? null
        : InboundEvent.location(id, latitude + "," + longitude);
  }

  private static Parsed status(String channelId, JsonNode status) {
    String errorCode = null;
    for (JsonNode error : status.path("errors")) {
      errorCode = text(error, "code");
    }
    String value = text(status, "status");
    Optional<Instant> time = time(status);
    String problem =
        time.isEmpty()
            ? "invalid_timestamp"
            : value != null && !STATUSES.contains(value) ? "invalid_status" : null;
    return new Parsed(
        new WebhookEvent.Status(
            channelId,
            text(status, "id"),
            value,
            text(status, "recipient_id"),
            errorCode,
            time.orElse(null)),
        problem);
  }

  /**
   * The event's {@code timestamp} (epoch seconds, as WhatsApp writes it); now when there is none;
   * empty when it is not a whole number in {@link Limits#EPOCH_SECONDS}.
   */
  private static Optional<Instant> time(JsonNode node) {
    String seconds = text(node, "timestamp");
    if (seconds == null) {
      return Optional.of(Instant.now());
    }
    try {
      long epochSeconds = Long.parseLong(seconds.trim());
      return Limits.EPOCH_SECONDS.contains(epochSeconds)
          ? Optional.of(Instant.ofEpochSecond(epochSeconds))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }
}
