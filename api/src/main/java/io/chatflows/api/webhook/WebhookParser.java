package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.workflows.conversation.InboundEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the events out of a WhatsApp Cloud API webhook body: several entries, changes, messages and
 * statuses per delivery. Unknown shapes never throw; a body that is not JSON is a 400.
 */
public final class WebhookParser {

  private WebhookParser() {}

  public static List<WebhookEvent> parse(JsonMapper json, byte[] body, int maxEvents) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("malformed_webhook", "the webhook body is not JSON");
    }
    List<WebhookEvent> events = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("malformed_webhook", "the webhook body is not a JSON object");
    }
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
    if (events.size() > maxEvents) {
      throw ApiException.badRequest(
          "batch_too_large", "a webhook delivery may carry at most " + maxEvents + " events");
    }
    return events;
  }

  private static WebhookEvent.Message message(String channelId, JsonNode value, JsonNode message) {
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
        case "interactive" -> {
          JsonNode interactive = message.path("interactive");
          JsonNode reply =
              interactive.has("button_reply")
                  ? interactive.path("button_reply")
                  : interactive.path("list_reply");
          if (reply.isObject()) {
            event = InboundEvent.button(id, text(reply, "title"), text(reply, "id"), context);
          }
        }
        case "text" -> event = InboundEvent.text(id, text(message.path("text"), "body"));
        default -> event = null;
      }
    }
    return new WebhookEvent.Message(channelId, from, name, id, type, event, time(message));
  }

  private static WebhookEvent.Status status(String channelId, JsonNode status) {
    String errorCode = null;
    for (JsonNode error : status.path("errors")) {
      errorCode = text(error, "code");
    }
    return new WebhookEvent.Status(
        channelId,
        text(status, "id"),
        text(status, "status"),
        text(status, "recipient_id"),
        errorCode,
        time(status));
  }

  private static Instant time(JsonNode node) {
    String seconds = text(node, "timestamp");
    try {
      return seconds == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(seconds));
    } catch (NumberFormatException e) {
      return Instant.now();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }
}
