package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Drives conversations over real HTTP on the sandbox channel: creates templates and flows, starts
 * conversations, plays the contact (simulated clicks and texts, signed status webhooks) and waits
 * for the projection to show a state.
 */
final class FlowDriver {

  private static final AtomicLong CONTACTS =
      new AtomicLong(10_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 10);

  private final Http http;

  FlowDriver(Http http) {
    this.http = http;
  }

  /** A contact number no other test uses. */
  static String newContact() {
    return Long.toString(CONTACTS.incrementAndGet());
  }

  /** Creates a template with a unique name; {@code buttons} are quick replies. */
  String template(String body, String... buttons) {
    StringBuilder components =
        new StringBuilder("[{\"type\": \"BODY\", \"text\": \"" + body + "\"}");
    if (buttons.length > 0) {
      components.append(", {\"type\": \"BUTTONS\", \"buttons\": [");
      for (int i = 0; i < buttons.length; i++) {
        components
            .append(i > 0 ? ", " : "")
            .append("{\"type\": \"QUICK_REPLY\", \"text\": \"")
            .append(buttons[i])
            .append("\"}");
      }
      components.append("]}");
    }
    components.append("]");
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Http.Response created =
        http.post(
            "/chat-flow/templates/",
            "{\"name\": \"%s\", \"language\": \"en_US\", \"components\": %s}"
                .formatted(name, components));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  /** Creates an active flow and returns its id. */
  String flow(String body) {
    Http.Response created = http.post("/chat-flow/flows/", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("errors")).as(created.body()).isEmpty();
    return created.json().get("id").asString();
  }

  /** Starts a conversation from the API and returns its id. */
  String start(String flowId, String contact) {
    Http.Response started =
        http.post(
            "/chat-flow/flows/" + flowId + "/start/",
            "{\"contact\": \"" + contact + "\", \"name\": \"Test\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("id").asString();
  }

  /** Waits until the conversation waits at {@code nodeId}. */
  JsonNode awaitWaitingAt(String conversationId, String nodeId) {
    return await(
        conversationId,
        c ->
            c.get("status").asString().equals("waiting")
                && nodeId.equals(c.get("current_node").asString()));
  }

  JsonNode awaitStatus(String conversationId, String status) {
    return await(conversationId, c -> c.get("status").asString().equals(status));
  }

  JsonNode await(String conversationId, Predicate<JsonNode> condition) {
    return await(conversationId, condition, 30);
  }

  /** Waits up to {@code seconds} until the conversation satisfies {@code condition}. */
  JsonNode await(String conversationId, Predicate<JsonNode> condition, int seconds) {
    Instant deadline = Instant.now().plusSeconds(seconds);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Http.Response response = http.get("/chat-flow/conversations/" + conversationId + "/");
      if (response.status() == 200) {
        last = response.json();
        if (condition.test(last)) {
          return last;
        }
      }
      pause();
    }
    throw new AssertionError("conversation " + conversationId + " never got there; last: " + last);
  }

  /** The id of the message the conversation sent at {@code nodeId} (its first send there). */
  static String messageSentAt(JsonNode conversation, String nodeId) {
    for (JsonNode step : conversation.get("steps")) {
      if (step.get("kind").asString().equals("message_sent")
          && step.get("node_id").asString().equals(nodeId)) {
        return step.get("detail").asString();
      }
    }
    throw new AssertionError("no message sent at " + nodeId + ": " + conversation);
  }

  void click(String contact, String button) {
    assertThat(simulate("{\"contact\": \"%s\", \"button\": \"%s\"}".formatted(contact, button)))
        .isEqualTo("signalled");
  }

  /**
   * A click on a button of message {@code contextId}: an older message than the one awaited (a
   * stale click), or, from a contact with no conversation, a start-template click.
   *
   * @return the bridge's outcome ({@code signalled}, {@code started}, ...)
   */
  String clickOn(String contact, String button, String contextId) {
    return simulate(
        "{\"contact\": \"%s\", \"button\": \"%s\", \"context_id\": \"%s\"}"
            .formatted(contact, button, contextId));
  }

  void text(String contact, String text) {
    assertThat(simulate("{\"contact\": \"%s\", \"text\": \"%s\"}".formatted(contact, text)))
        .isEqualTo("signalled");
  }

  private String simulate(String body) {
    Http.Response response = http.post("/chat-flow/simulate/", body);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().get("outcome").asString();
  }

  /** The open or latest conversation of a contact. */
  JsonNode latestConversationOf(String contact) {
    Http.Response list = http.get("/chat-flow/conversations/?contact=" + contact);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().get("results")).as(list.body()).isNotEmpty();
    return list.json().get("results").get(0);
  }

  /** Posts a signed WhatsApp status webhook ({@code delivered}, {@code read}, {@code failed}). */
  void status(String messageId, String contact, String status) {
    String errors =
        status.equals("failed")
            ? ", \"errors\": [{\"code\": 131026, \"title\": \"Message undeliverable\"}]"
            : "";
    byte[] body =
        """
        {"object": "whatsapp_business_account",
         "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
           "messaging_product": "whatsapp",
           "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%s"},
           "statuses": [{"id": "%s", "status": "%s", "timestamp": "%d",
                         "recipient_id": "%s"%s}]}}]}]}
        """
            .formatted(
                Fixtures.PHONE_NUMBER_ID,
                messageId,
                status,
                Instant.now().getEpochSecond(),
                contact,
                errors)
            .getBytes(StandardCharsets.UTF_8);
    Http.Response response =
        http.withToken(null)
            .post(
                "/webhooks/whatsapp/",
                body,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Hub-Signature-256",
                    Signatures.sign(Fixtures.APP_SECRET, body)));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    // A failed status is signalled to the open conversation that sent the message; others recorded.
    assertThat(response.json().get("outcomes").get(0).asString())
        .isEqualTo(status.equals("failed") ? "signalled" : "recorded");
  }

  static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
