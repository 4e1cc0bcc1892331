package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Steps of the webhook-bridge tests over real HTTP: templates and flows through the REST API,
 * signed webhook deliveries, conversations polled until they reach a state, and the sends the Graph
 * API stand-in received, per contact.
 */
final class BridgeScenario {

  static final Duration WAIT = Duration.ofSeconds(20);

  /** A flow and the id of its start template. */
  record Flow(String id, String startTemplateId) {}

  private final Http http;
  private final Http webhooks;
  private final GraphApiStandIn graphApi;
  private final List<GraphApiStandIn.Received> unclaimed = new ArrayList<>();

  BridgeScenario(int port, GraphApiStandIn graphApi) {
    this.http = new Http(port, Fixtures.TOKEN);
    this.webhooks = new Http(port, null);
    this.graphApi = graphApi;
  }

  Http http() {
    return http;
  }

  /** A new contact's WhatsApp id, so tests never share a conversation. */
  static String newContact() {
    return "1650" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
  }

  static String newMessageId() {
    return "wamid.test." + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
  }

  private static final java.util.concurrent.atomic.AtomicInteger LANGUAGES =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Scenarios create templates of the same names in one workspace, where a name and language is one
   * template: each gets a language code of its own ({@code en_AAAA}, {@code en_AAAB}, ...).
   */
  static String newLanguage() {
    int n = LANGUAGES.getAndIncrement();
    StringBuilder region = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      region.insert(0, (char) ('A' + n % 26));
      n /= 26;
    }
    return "en_" + region;
  }

  String template(String name, List<String> buttons) {
    StringBuilder components =
        new StringBuilder("[{\"type\": \"BODY\", \"text\": \"" + name + " body\"}");
    if (!buttons.isEmpty()) {
      components.append(", {\"type\": \"BUTTONS\", \"buttons\": [");
      for (int i = 0; i < buttons.size(); i++) {
        components
            .append(i == 0 ? "" : ", ")
            .append("{\"type\": \"QUICK_REPLY\", \"text\": \"")
            .append(buttons.get(i))
            .append("\"}");
      }
      components.append("]}");
    }
    Http.Response created =
        http.post(
            "/chat-flow/templates/",
            "{\"name\": \"%s\", \"language\": \"%s\", \"components\": %s]}"
                .formatted(name, newLanguage(), components));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  /**
   * node-1 sends a welcome template with the buttons "Track Order" (edge-1 → node-2, a template
   * without buttons, then the conversation completes) and "Talk to an agent" (edge-2 → node-3, an
   * end action); when the welcome template cannot be delivered, edge-3 (delivery_failed) leads to
   * node-4, which tags the contact.
   */
  Flow buttonFlow() {
    return buttonFlow("Track Order");
  }

  /** {@link #buttonFlow()} with another text on the first button. */
  Flow buttonFlow(String firstButton) {
    String welcome = template("bridge_welcome", List.of(firstButton, "Talk to an agent"));
    String status = template("bridge_status", List.of());
    return flow(
        welcome,
        """
        "nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%1$s"}},
          {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
           "data": {"template_id": "%2$s"}},
          {"id": "node-3", "type": "action", "position": {"x": 300, "y": 200},
           "data": {"action": "end"}},
          {"id": "node-4", "type": "action", "position": {"x": 300, "y": 400},
           "data": {"action": "tag", "tags": ["undeliverable"]}}],
        "edges": [
          {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: %3$s"},
          {"id": "edge-2", "source": "node-1", "target": "node-3", "label": "Button: Talk to an agent"},
          {"id": "edge-3", "source": "node-1", "target": "node-4",
           "data": {"trigger": "delivery_failed"}}]
        """
            .formatted(welcome, status, firstButton));
  }

  /**
   * A flow in which an event applied twice shows: node-1 sends the welcome template (buttons "Track
   * Order", "Talk to an agent") and a click on "Track Order" (edge-1) or any text (edge-2) leads to
   * node-2, which sends another template and waits again, for any text (edge-4), which leads to
   * node-3 (a last template; then the conversation completes). A click that reached the
   * conversation twice leaves a stale click at node-2; a text that reached it twice takes edge-4
   * and sends node-3 early. When the welcome cannot be delivered, edge-3 (delivery_failed) leads to
   * node-4, which tags the contact.
   */
  Flow chainFlow() {
    String welcome = template("bridge_welcome", List.of("Track Order", "Talk to an agent"));
    String next = template("bridge_next", List.of());
    String done = template("bridge_done", List.of());
    return flow(
        welcome,
        """
        "nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%1$s"}},
          {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
           "data": {"template_id": "%2$s"}},
          {"id": "node-3", "type": "template", "position": {"x": 600, "y": 0},
           "data": {"template_id": "%3$s"}},
          {"id": "node-4", "type": "action", "position": {"x": 300, "y": 400},
           "data": {"action": "tag", "tags": ["undeliverable"]}}],
        "edges": [
          {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Track Order"},
          {"id": "edge-2", "source": "node-1", "target": "node-2",
           "data": {"trigger": "text_reply", "trigger_value": ""}},
          {"id": "edge-3", "source": "node-1", "target": "node-4",
           "data": {"trigger": "delivery_failed"}},
          {"id": "edge-4", "source": "node-2", "target": "node-3",
           "data": {"trigger": "text_reply", "trigger_value": ""}}]
        """
            .formatted(welcome, next, done));
  }

  /** The text that ends a conversation on {@link #chainFlow()} waiting at node-2. */
  static final String CLOSING = "closing words";

  /**
   * Sends the closing text to a conversation on {@link #chainFlow()} once it waits at node-2, and
   * waits until it ended. Every event delivered before was handled before the closing text (a
   * conversation handles its events in order), so the ended conversation shows all of them. Never
   * fails: a conversation that did not get to node-2 in time (an event lost) or ended before the
   * closing text (an event applied twice) is returned as it is, for the caller to count and check.
   */
  JsonNode close(String conversationId, String contact, Duration wait) {
    JsonNode now = lastSeen(conversationId, c -> waitingAt(c, "node-2") || !open(c), wait);
    if (now == null || !waitingAt(now, "node-2")) {
      return now;
    }
    Http.Response closing =
        webhook(WebhookBodies.text(Fixtures.PHONE_NUMBER_ID, contact, newMessageId(), CLOSING));
    assertThat(closing.status()).as(closing.body()).isEqualTo(200);
    return lastSeen(conversationId, c -> !open(c), wait);
  }

  private static boolean waitingAt(JsonNode conversation, String node) {
    return conversation.get("status").asString().equals("waiting")
        && node.equals(conversation.path("current_node").asString(null));
  }

  private static boolean open(JsonNode conversation) {
    String status = conversation.get("status").asString();
    return status.equals("waiting") || status.equals("running");
  }

  /** Polls until the condition holds or the time is up; returns the last conversation seen. */
  private JsonNode lastSeen(String id, Predicate<JsonNode> condition, Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Http.Response response = http.get("/chat-flow/conversations/" + id + "/");
      if (response.status() == 200) {
        last = response.json();
        if (condition.test(last)) {
          return last;
        }
      }
      pause();
    }
    return last;
  }

  /**
   * How often an event with this text took effect in the conversation: as a reply, a stale click or
   * an unmatched reply (every way a reply that reached the conversation is recorded).
   */
  static long effects(JsonNode conversation, String text) {
    long n = 0;
    for (JsonNode step : conversation.get("steps")) {
      String kind = step.get("kind").asString();
      if ((kind.equals("reply") || kind.equals("stale_click") || kind.equals("unmatched_reply"))
          && text.equals(step.path("detail").asString(null))) {
        n++;
      }
    }
    return n;
  }

  /** The steps of a conversation on {@link #chainFlow()} that took one event, then the closing. */
  static final List<String> CHAIN_ONCE =
      List.of(
          "node_entered:node-1",
          "message_sent:node-1",
          "reply:node-1",
          "edge_taken:node-1",
          "node_entered:node-2",
          "message_sent:node-2",
          "reply:node-2",
          "edge_taken:node-2",
          "node_entered:node-3",
          "message_sent:node-3");

  /** node-1 asks a question (no buttons); any text (edge-1, text_reply) leads to node-2. */
  Flow textFlow() {
    String question = template("bridge_question", List.of());
    String thanks = template("bridge_thanks", List.of());
    return flow(
        question,
        """
        "nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%1$s"}},
          {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
           "data": {"template_id": "%2$s"}}],
        "edges": [
          {"id": "edge-1", "source": "node-1", "target": "node-2",
           "data": {"trigger": "text_reply", "trigger_value": ""}}]
        """
            .formatted(question, thanks));
  }

  /**
   * Creates an active flow of {@code graph} (its nodes and edges) started by {@code startTemplate}.
   */
  Flow flow(String startTemplate, String graph) {
    Http.Response created =
        http.post(
            "/chat-flow/flows/",
            "{\"name\": \"Bridge flow\", \"is_active\": true, \"start_template\": \"%s\", \"flow_data\": {%s}}"
                .formatted(startTemplate, graph));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Flow(created.json().get("id").asString(), startTemplate);
  }

  /** Starts a conversation through the API; returns its id. */
  String start(Flow flow, String contact, String channel) {
    String body =
        channel == null
            ? "{\"contact\": \"%s\"}".formatted(contact)
            : "{\"contact\": \"%s\", \"channel\": \"%s\"}".formatted(contact, channel);
    Http.Response started = http.post("/chat-flow/flows/" + flow.id() + "/start/", body);
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("id").asString();
  }

  /** Posts a delivery signed with the test channel's app secret. */
  Http.Response webhook(String body) {
    return webhook(body, Fixtures.APP_SECRET);
  }

  Http.Response webhook(String body, String appSecret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return webhookSigned(bytes, Signatures.sign(appSecret, bytes));
  }

  Http.Response webhookSigned(byte[] body, String signature) {
    Map<String, String> headers =
        signature == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "X-Hub-Signature-256", signature);
    return webhooks.post("/webhooks/whatsapp/", body, headers);
  }

  JsonNode conversation(String id) {
    Http.Response response = http.get("/chat-flow/conversations/" + id + "/");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** Polls the conversation until the condition holds, or fails after {@link #WAIT}. */
  JsonNode awaitConversation(String id, Predicate<JsonNode> condition) {
    return awaitConversation(id, condition, WAIT);
  }

  /** Polls (tolerating an api that answers 5xx meanwhile) until the condition holds. */
  JsonNode awaitConversation(String id, Predicate<JsonNode> condition, Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Http.Response response = http.get("/chat-flow/conversations/" + id + "/");
      if (response.status() == 200) {
        last = response.json();
        if (condition.test(last)) {
          return last;
        }
      }
      pause();
    }
    throw new AssertionError("conversation " + id + " did not reach the state; last: " + last);
  }

  JsonNode awaitStatus(String id, String status) {
    return awaitConversation(id, c -> c.get("status").asString().equals(status));
  }

  /** Waits until the conversation sent node-1's template and waits; returns that message's id. */
  String awaitWaitingOnFirstMessage(String id) {
    return awaitWaitingOnFirstMessage(id, WAIT);
  }

  String awaitWaitingOnFirstMessage(String id, Duration wait) {
    JsonNode waiting =
        awaitConversation(
            id, c -> c.get("status").asString().equals("waiting") && !sent(c).isEmpty(), wait);
    return sent(waiting).get(0);
  }

  /** The contact's conversations, newest first. */
  List<JsonNode> conversationsOf(String contact) {
    Http.Response list = http.get("/chat-flow/conversations/?contact=" + contact);
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    list.json().get("results").forEach(out::add);
    return out;
  }

  /** The steps as {@code kind:node}, e.g. {@code reply:node-1}. */
  static List<String> steps(JsonNode conversation) {
    List<String> kinds = new ArrayList<>();
    conversation
        .get("steps")
        .forEach(s -> kinds.add(s.get("kind").asString() + ":" + s.get("node_id").asString()));
    return kinds;
  }

  /**
   * The steps of a {@link #buttonFlow()} conversation a click on its start template started: the
   * welcome is not sent again, the click takes edge-1 and node-2's template goes out.
   */
  static final List<String> CLICK_STARTED_STEPS =
      List.of(
          "node_entered:node-1",
          "reply:node-1",
          "edge_taken:node-1",
          "node_entered:node-2",
          "message_sent:node-2");

  /** The template names of the sandbox's outbox for the contact, oldest first. */
  List<String> outboxTemplates(String contact) {
    Http.Response outbox = http.get("/chat-flow/outbox/?contact=" + contact);
    assertThat(outbox.status()).as(outbox.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    outbox.json().get("results").forEach(m -> names.add(m.get("template_name").asString()));
    return names;
  }

  /** The ids of the messages the conversation sent, in order. */
  static List<String> sent(JsonNode conversation) {
    List<String> ids = new ArrayList<>();
    conversation
        .get("steps")
        .forEach(
            s -> {
              if (s.get("kind").asString().equals("message_sent")) {
                ids.add(s.get("detail").asString());
              }
            });
    return ids;
  }

  /** Waits for the next request the Graph API stand-in received for this contact. */
  GraphApiStandIn.Received awaitSendTo(String contact) {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      unclaimed.addAll(graphApi.drain());
      Iterator<GraphApiStandIn.Received> it = unclaimed.iterator();
      while (it.hasNext()) {
        GraphApiStandIn.Received received = it.next();
        if (contact.equals(recipient(received))) {
          it.remove();
          return received;
        }
      }
      pause();
    }
    throw new AssertionError("the Graph API stand-in received nothing for " + contact);
  }

  /** The requests for this contact received and not yet taken by {@link #awaitSendTo}. */
  List<GraphApiStandIn.Received> remainingSendsTo(String contact) {
    unclaimed.addAll(graphApi.drain());
    List<GraphApiStandIn.Received> out =
        unclaimed.stream().filter(r -> contact.equals(recipient(r))).toList();
    unclaimed.removeAll(out);
    return out;
  }

  static String templateName(GraphApiStandIn.Received received) {
    return Http.JSON.readTree(received.body()).get("template").get("name").asString();
  }

  private static String recipient(GraphApiStandIn.Received received) {
    JsonNode to = Http.JSON.readTree(received.body()).get("to");
    return to == null ? null : to.asString();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
