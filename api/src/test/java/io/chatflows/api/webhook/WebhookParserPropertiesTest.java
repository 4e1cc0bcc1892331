package io.chatflows.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.config.ApiException;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.testing.PropertyCheck;
import io.chatflows.workflows.testing.PropertyCheck.Case;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook parser against generated deliveries. Well-formed ones (several entries, changes,
 * messages of every type and statuses, as WhatsApp's Cloud API documents them) come out as exactly
 * the events they carry, each with its fields; random bytes, mutated and truncated payloads either
 * parse or are refused with a 400 naming the problem, never another exception.
 */
class WebhookParserPropertiesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String BUTTON =
      """
      {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
        "messages": [{"context": {"from": "15550783881", "id": "wamid.ctx"}, "from": "16505551234",
          "id": "wamid.msg", "timestamp": "1712595443", "type": "button",
          "button": {"payload": "Track Order", "text": "Track Order"}},
          {"from": "16505551234", "id": "wamid.txt", "timestamp": "1749416383", "type": "text", "text": {"body": "hi"}},
          {"from": "16505551234", "id": "wamid.int", "timestamp": "1750090702", "type": "interactive",
           "interactive": {"type": "button_reply", "button_reply": {"id": "change-button", "title": "Change"}}}],
        "statuses": [{"id": "wamid.ours", "status": "failed", "timestamp": "1712595455", "recipient_id": "16505551234",
          "errors": [{"code": 131047, "title": "Re-engagement message"}]}]}}]}]}
      """;

  // ---------------------------------------------------------------- well-formed deliveries

  /** A generated delivery and the events it carries, in the order WhatsApp lists them. */
  private record Delivery(ObjectNode body, List<WebhookEvent> events) {}

  private static Delivery delivery(Case c) {
    ObjectNode root = NODES.objectNode().put("object", "whatsapp_business_account");
    ArrayNode entries = root.putArray("entry");
    List<WebhookEvent> events = new ArrayList<>();
    for (int e = c.between(1, 3); e > 0; e--) {
      ArrayNode changes = entries.addObject().put("id", "1022901293403" + e).putArray("changes");
      for (int ch = c.between(1, 2); ch > 0; ch--) {
        ObjectNode value =
            changes
                .addObject()
                .put("field", "messages")
                .putObject("value")
                .put("messaging_product", "whatsapp");
        if (c.chance(0.1)) {
          c.hit("change without phone_number_id: skipped");
          value.putArray("messages").add(textMessage(c, "1650555" + c.between(1000, 9999)));
          continue;
        }
        String channel = c.oneOf("106540352242922", "100000000000001");
        value
            .putObject("metadata")
            .put("display_phone_number", "15550783881")
            .put("phone_number_id", channel);
        List<String> contacts = List.of("1650555" + c.between(1000, 9999), "4477009" + c.index());
        ArrayNode contactArray = value.putArray("contacts");
        for (String waId : contacts) {
          if (c.chance(0.8)) {
            contactArray
                .addObject()
                .put("wa_id", waId)
                .putObject("profile")
                .put("name", "Name of " + waId);
          }
        }
        if (c.chance(0.8)) {
          ArrayNode messages = value.putArray("messages");
          for (int m = c.between(0, 4); m > 0; m--) {
            String from = c.oneOf(contacts);
            ObjectNode message = message(c, from);
            messages.add(message);
            events.add(expectedMessage(channel, contactArray, message));
          }
        }
        if (c.chance(0.6)) {
          ArrayNode statuses = value.putArray("statuses");
          for (int s = c.between(1, 3); s > 0; s--) {
            ObjectNode status = status(c, c.oneOf(contacts));
            statuses.add(status);
            events.add(expectedStatus(channel, status));
          }
        }
      }
    }
    return new Delivery(root, events);
  }

  private static ObjectNode message(Case c, String from) {
    String type = c.oneOf("button", "text", "interactive", "interactive", "image", "reaction");
    ObjectNode message =
        NODES
            .objectNode()
            .put("from", from)
            .put("id", "wamid." + c.index() + "." + c.random().nextInt(1_000_000))
            .put("timestamp", Long.toString(epochSecond(c)))
            .put("type", type);
    if (c.chance(0.7)) {
      message.putObject("context").put("from", "15550783881").put("id", "wamid.ctx" + c.index());
    }
    switch (type) {
      case "button" ->
          message
              .putObject("button")
              .put("payload", c.oneOf("Track Order", "cf:conv:1:0", c.string(12)))
              .put("text", c.oneOf("Track Order", "Talk to an agent", c.string(20)));
      case "text" -> message.putObject("text").put("body", c.string(40));
      case "interactive" -> {
        String kind = c.oneOf("button_reply", "list_reply");
        ObjectNode interactive = message.putObject("interactive").put("type", kind);
        ObjectNode reply = interactive.putObject(kind).put("id", "reply-" + c.between(0, 9));
        reply.put("title", c.string(20));
        if (kind.equals("list_reply")) {
          reply.put("description", "a row");
        }
      }
      case "image" ->
          message.putObject("image").put("id", "1234567890").put("mime_type", "image/jpeg");
      default ->
          message
              .putObject("reaction")
              .put("message_id", "wamid.ours")
              .put("emoji", "\uD83D\uDC4D");
    }
    return message;
  }

  private static ObjectNode textMessage(Case c, String from) {
    ObjectNode message =
        NODES.objectNode().put("from", from).put("id", "wamid.x" + c.index()).put("type", "text");
    message.put("timestamp", Long.toString(epochSecond(c)));
    message.putObject("text").put("body", "hello");
    return message;
  }

  private static ObjectNode status(Case c, String recipient) {
    String status = c.oneOf("sent", "delivered", "read", "failed");
    ObjectNode node =
        NODES
            .objectNode()
            .put("id", "wamid.ours." + c.between(0, 99))
            .put("status", status)
            .put("timestamp", Long.toString(epochSecond(c)))
            .put("recipient_id", recipient);
    if (status.equals("failed")) {
      node.putArray("errors")
          .addObject()
          .put("code", c.oneOf(131047, 131026, 131049, 130472))
          .put("title", "Message undeliverable");
    } else if (c.chance(0.5)) {
      node.putObject("pricing").put("billable", true).put("category", "utility");
    }
    return node;
  }

  /** A time between 2020 and 2030, as WhatsApp sends it: epoch seconds in a string. */
  private static long epochSecond(Case c) {
    return 1_577_836_800L + c.random().nextInt(315_360_000);
  }

  /** The message event the spec says this message is: its fields and the conversation signal. */
  private static WebhookEvent.Message expectedMessage(
      String channel, ArrayNode contacts, ObjectNode message) {
    String from = message.get("from").asString();
    String name = null;
    for (JsonNode contact : contacts) {
      if (contact.get("wa_id").asString().equals(from)) {
        name = contact.get("profile").get("name").asString();
      }
    }
    String id = message.get("id").asString();
    String type = message.get("type").asString();
    String context = message.has("context") ? message.get("context").get("id").asString() : null;
    InboundEvent event =
        switch (type) {
          case "button" ->
              InboundEvent.button(
                  id,
                  message.get("button").get("text").asString(),
                  message.get("button").get("payload").asString(),
                  context);
          case "text" -> InboundEvent.text(id, message.get("text").get("body").asString());
          case "interactive" -> {
            JsonNode interactive = message.get("interactive");
            JsonNode reply = interactive.get(interactive.get("type").asString());
            yield InboundEvent.button(
                id, reply.get("title").asString(), reply.get("id").asString(), context);
          }
          default -> null;
        };
    return new WebhookEvent.Message(
        channel,
        from,
        name,
        id,
        type,
        event,
        Instant.ofEpochSecond(Long.parseLong(message.get("timestamp").asString())));
  }

  private static WebhookEvent.Status expectedStatus(String channel, ObjectNode status) {
    String errorCode =
        status.has("errors") ? status.get("errors").get(0).get("code").asString() : null;
    return new WebhookEvent.Status(
        channel,
        status.get("id").asString(),
        status.get("status").asString(),
        status.get("recipient_id").asString(),
        errorCode,
        Instant.ofEpochSecond(Long.parseLong(status.get("timestamp").asString())));
  }

  @Test
  void givenGeneratedWellFormedDeliveries_whenParsed_everyMessageAndStatusComesOutWithItsFields() {
    PropertyCheck.Run run =
        PropertyCheck.forAll(
            "well-formed deliveries parse into exactly their events",
            1000,
            c -> {
              Delivery delivery = delivery(c);
              byte[] body = delivery.body().toString().getBytes(StandardCharsets.UTF_8);

              List<WebhookEvent> parsed = WebhookParser.parse(JSON, body, 1_000);

              assertThat(parsed).as("%s", delivery.body()).isEqualTo(delivery.events());
              for (WebhookEvent event : parsed) {
                c.hit(branch(event));
              }
            });

    for (String branch :
        List.of(
            "message button",
            "message text",
            "message interactive",
            "message image (no signal)",
            "message reaction (no signal)",
            "message without a contact name",
            "message with context",
            "status sent",
            "status delivered",
            "status read",
            "status failed with error code",
            "change without phone_number_id: skipped")) {
      assertThat(run.count(branch)).as(branch).isGreaterThan(20);
    }
  }

  private static String branch(WebhookEvent event) {
    if (event instanceof WebhookEvent.Status status) {
      return status.status().equals("failed") && status.errorCode() != null
          ? "status failed with error code"
          : "status " + status.status();
    }
    WebhookEvent.Message message = (WebhookEvent.Message) event;
    if (message.name() == null) {
      return "message without a contact name";
    }
    if (message.event() != null && message.event().contextMessageId() != null) {
      return "message with context";
    }
    return message.event() == null
        ? "message " + message.type() + " (no signal)"
        : "message " + message.type();
  }

  @Test
  void givenADeliveryOverTheEventLimit_whenParsed_itIsRefusedWith400() {
    PropertyCheck.forAll(
        "a delivery over the event limit is a 400 batch_too_large",
        200,
        c -> {
          Delivery delivery = delivery(c);
          int events = delivery.events().size();
          byte[] body = delivery.body().toString().getBytes(StandardCharsets.UTF_8);
          if (events == 0) {
            c.hit("no events");
            assertThat(WebhookParser.parse(JSON, body, 0)).isEmpty();
            return;
          }
          c.hit("over the limit by " + (events > 1 ? "several" : "one"));
          assertThat(WebhookParser.parse(JSON, body, events)).hasSize(events);
          try {
            WebhookParser.parse(JSON, body, events - 1);
            throw new AssertionError(
                "a delivery of " + events + " events passed a limit of one less");
          } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.code()).isEqualTo("batch_too_large");
          }
        });
  }

  // ---------------------------------------------------------------- never another exception

  @Test
  void givenRandomBytes_whenParsed_itParsesOrRefusesWith400() {
    PropertyCheck.forAll(
        "random bytes parse or are refused with a 400",
        400,
        c -> {
          byte[] body = new byte[c.between(0, 64)];
          c.random().nextBytes(body);
          c.hit(assertParsesOrRefuses(body));
        });
  }

  @Test
  void givenMutatedPayloads_whenParsed_itParsesOrRefusesWith400() {
    List<JsonNode> replacements =
        List.of(
            NODES.nullNode(),
            NODES.numberNode(7),
            NODES.stringNode("x"),
            NODES.booleanNode(false),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.arrayNode().add(NODES.objectNode()));
    PropertyCheck.forAll(
        "mutated payloads parse or are refused with a 400",
        400,
        c -> {
          JsonNode root = JSON.readTree(BUTTON);
          mutate(root, new int[] {c.between(0, 200)}, c.oneOf(replacements), c.chance(0.5));
          c.hit(assertParsesOrRefuses(root.toString().getBytes(StandardCharsets.UTF_8)));
        });
  }

  @Test
  void givenTruncatedPayloads_whenParsed_itParsesOrRefusesWith400() {
    byte[] full = BUTTON.getBytes(StandardCharsets.UTF_8);
    PropertyCheck.forAll(
        "truncated payloads parse or are refused with a 400",
        200,
        c -> c.hit(assertParsesOrRefuses(Arrays.copyOf(full, c.between(0, full.length)))));
  }

  private static String assertParsesOrRefuses(byte[] body) {
    try {
      List<WebhookEvent> events = WebhookParser.parse(JSON, body, 1_000);
      assertThat(events).doesNotContainNull();
      return "parsed";
    } catch (ApiException refused) {
      assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.code()).isNotBlank();
      assertThat(refused.getMessage()).isNotBlank();
      return "refused " + refused.code();
    }
  }

  /** Walks the tree depth-first and changes the {@code index[0]}-th field or element met. */
  private static boolean mutate(JsonNode node, int[] index, JsonNode replacement, boolean remove) {
    if (node instanceof ObjectNode object) {
      for (String name : List.copyOf(object.propertyNames())) {
        if (index[0]-- == 0) {
          if (remove) {
            object.remove(name);
          } else {
            object.set(name, replacement);
          }
          return true;
        }
        if (mutate(object.get(name), index, replacement, remove)) {
          return true;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (index[0]-- == 0) {
          array.set(i, replacement);
          return true;
        }
        if (mutate(array.get(i), index, replacement, remove)) {
          return true;
        }
      }
    }
    return false;
  }
}
