package io.chatflows.standalone;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * WhatsApp webhook bodies built from the sample payloads in test resources/samples: the sample's
 * shape, with the ids, texts and business number of the test.
 */
final class WebhookBodies {

  private WebhookBodies() {}

  /** A quick-reply click (sample whatsapp-webhook-button.json). */
  static String button(
      String phoneNumberId,
      String from,
      String messageId,
      String contextId,
      String text,
      String payload) {
    ObjectNode root = sample("whatsapp-webhook-button.json", phoneNumberId);
    ObjectNode message = message(root, from, messageId, contextId);
    ObjectNode button = (ObjectNode) message.get("button");
    button.put("text", text);
    button.put("payload", payload);
    return Http.JSON.writeValueAsString(root);
  }

  /** An interactive button reply (sample whatsapp-webhook-interactive-button.json). */
  static String interactive(
      String phoneNumberId,
      String from,
      String messageId,
      String contextId,
      String replyId,
      String title) {
    ObjectNode root = sample("whatsapp-webhook-interactive-button.json", phoneNumberId);
    ObjectNode message = message(root, from, messageId, contextId);
    ObjectNode reply = (ObjectNode) message.get("interactive").get("button_reply");
    reply.put("id", replyId);
    reply.put("title", title);
    return Http.JSON.writeValueAsString(root);
  }

  /** A text message (sample whatsapp-webhook-text.json). */
  static String text(String phoneNumberId, String from, String messageId, String body) {
    ObjectNode root = sample("whatsapp-webhook-text.json", phoneNumberId);
    ObjectNode message = message(root, from, messageId, null);
    ((ObjectNode) message.get("text")).put("body", body);
    return Http.JSON.writeValueAsString(root);
  }

  /** A message of a type conversations do not handle (an image), in the text sample's shape. */
  static String image(String phoneNumberId, String from, String messageId) {
    ObjectNode root = sample("whatsapp-webhook-text.json", phoneNumberId);
    ObjectNode message = message(root, from, messageId, null);
    message.remove("text");
    message.put("type", "image");
    message.putObject("image").put("id", "1234567890").put("mime_type", "image/jpeg");
    return Http.JSON.writeValueAsString(root);
  }

  /**
   * A delivery status of our message (sample whatsapp-webhook-status-failed.json); the error is
   * kept only for {@code failed}.
   */
  static String status(
      String phoneNumberId, String ourMessageId, String status, String recipient, int errorCode) {
    ObjectNode root = sample("whatsapp-webhook-status-failed.json", phoneNumberId);
    ObjectNode entry = (ObjectNode) value(root).get("statuses").get(0);
    entry.put("id", ourMessageId);
    entry.put("status", status);
    entry.put("recipient_id", recipient);
    if ("failed".equals(status)) {
      ((ObjectNode) entry.get("errors").get(0)).put("code", errorCode);
    } else {
      entry.remove("errors");
    }
    return Http.JSON.writeValueAsString(root);
  }

  /** One delivery carrying the messages and statuses of all the given bodies, in order. */
  static String batch(List<String> bodies) {
    ObjectNode root = (ObjectNode) Http.JSON.readTree(bodies.get(0));
    ObjectNode value = value(root);
    for (String other : bodies.subList(1, bodies.size())) {
      ObjectNode otherValue = value((ObjectNode) Http.JSON.readTree(other));
      for (String field : List.of("messages", "statuses", "contacts")) {
        if (otherValue.has(field)) {
          ArrayNode into = value.has(field) ? (ArrayNode) value.get(field) : value.putArray(field);
          otherValue.get(field).forEach(into::add);
        }
      }
    }
    return Http.JSON.writeValueAsString(root);
  }

  private static ObjectNode sample(String name, String phoneNumberId) {
    ObjectNode root = (ObjectNode) Http.JSON.readTree(Fixtures.sample(name));
    ((ObjectNode) value(root).get("metadata")).put("phone_number_id", phoneNumberId);
    return root;
  }

  private static ObjectNode message(
      ObjectNode root, String from, String messageId, String contextId) {
    ObjectNode value = value(root);
    ((ObjectNode) value.get("contacts").get(0)).put("wa_id", from);
    ObjectNode message = (ObjectNode) value.get("messages").get(0);
    message.put("from", from);
    message.put("id", messageId);
    if (contextId == null) {
      message.remove("context");
    } else {
      message.putObject("context").put("from", "15550783881").put("id", contextId);
    }
    return message;
  }

  private static ObjectNode value(JsonNode root) {
    return (ObjectNode) root.get("entry").get(0).get("changes").get(0).get("value");
  }
}
