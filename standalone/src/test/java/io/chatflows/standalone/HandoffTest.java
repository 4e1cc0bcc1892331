package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.chatflows.store.crypto.Signatures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handing a conversation to a person through the whole app: the contact's signed webhooks reach the
 * handoff webhook (a local HTTP server) signed and shaped for an agent inbox, once per message; the
 * agent's reply reaches the Graph API stand-in with the Cloud API's body; resume and end through
 * the API; refusals outside the window, for another workspace and for bad input.
 */
class HandoffTest extends CloudApiTestBase {

  private static final String SECRET = "handoff-test-secret";
  private static final BlockingQueue<Received> INBOX = new LinkedBlockingQueue<>();
  private static HttpServer inbox;

  /** A request the handoff webhook received. */
  record Received(String signature, String event, String idempotencyKey, String body) {}

  @BeforeAll
  static void startInbox() throws IOException {
    inbox = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    inbox.createContext(
        "/hooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          INBOX.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("X-Chatflow-Signature-256"),
                  exchange.getRequestHeaders().getFirst("X-Chatflow-Event"),
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    inbox.start();
  }

  @AfterAll
  static void stopInbox() {
    inbox.stop(0);
  }

  @DynamicPropertySource
  static void handoff(DynamicPropertyRegistry registry) {
    registry.add("chatflow.handoff.secret", () -> SECRET);
    registry.add("chatflow.webhooks.allowed-hosts", () -> "127.0.0.1");
  }

  private static String inboxUrl() {
    return "http://127.0.0.1:" + inbox.getAddress().getPort() + "/hooks";
  }

  /** welcome --any text--> node-2 (handoff) --resumed--> node-3 (thanks template). */
  private BridgeScenario.Flow handoffFlow() {
    String welcome = scenario.template("handoff_welcome", List.of());
    String thanks = scenario.template("handoff_thanks", List.of());
    String graph =
        """
        "nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%1$s"}},
          {"id": "node-2", "type": "action", "position": {"x": 300, "y": 0},
           "data": {"action": "handoff", "webhook_url": "%3$s", "team": "support",
                    "note": "{{contact.name}} asked for a person"}},
          {"id": "node-3", "type": "template", "position": {"x": 600, "y": 0},
           "data": {"template_id": "%2$s"}}],
        "edges": [
          {"id": "edge-1", "source": "node-1", "target": "node-2", "data": {"trigger": "text_reply"}},
          {"id": "edge-2", "source": "node-2", "target": "node-3"}]
        """
            .formatted(welcome, thanks, inboxUrl());
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                "{\"name\": \"Handoff flow\", \"is_active\": true, \"start_template\": \"%s\","
                        .formatted(welcome)
                    + " \"flow_data\": {"
                    + graph
                    + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new BridgeScenario.Flow(created.json().get("id").asString(), welcome);
  }

  /** A text from the contact sent now ({@code at}: epoch seconds), so the window is open. */
  private static String textAt(String contact, String messageId, String body, long at) {
    ObjectNode root =
        (ObjectNode)
            Http.JSON.readTree(WebhookBodies.text(PHONE_NUMBER_ID, contact, messageId, body));
    ObjectNode message =
        (ObjectNode)
            root.get("entry").get(0).get("changes").get(0).get("value").get("messages").get(0);
    message.put("timestamp", Long.toString(at));
    return Http.JSON.writeValueAsString(root);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private void deliver(String body) {
    Http.Response delivered = scenario.webhook(body);
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
  }

  /** Starts the flow with a new contact who then writes {@code text} at {@code at}. */
  private String[] withAgent(BridgeScenario.Flow flow, long at) {
    String contact = newContact();
    Http.Response started =
        scenario
            .http()
            .post(
                "/chat-flow/flows/" + flow.id() + "/start/",
                "{\"contact\": \"%s\", \"name\": \"Sheena\"}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String conversation = started.json().get("id").asString();
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("handoff_welcome");
    scenario.awaitStatus(conversation, "waiting");
    String wamid = newMessageId();
    deliver(textAt(contact, wamid, "I want a person", at));
    scenario.awaitStatus(conversation, "with_agent");
    return new String[] {contact, conversation, wamid};
  }

  private static Received next() throws InterruptedException {
    Received received = INBOX.poll(20, TimeUnit.SECONDS);
    assertThat(received).as("the handoff webhook received an event").isNotNull();
    return received;
  }

  @Test
  void
      givenAConversationWithAnAgent_whenTheContactWritesTwiceTheSameMessage_itIsForwardedOnceSigned()
          throws Exception {
    INBOX.clear();
    BridgeScenario.Flow flow = handoffFlow();
    String[] c = withAgent(flow, now());
    String contact = c[0];
    String conversation = c[1];

    Received started = next();
    String wamid = newMessageId();
    long at = now();
    String message = textAt(contact, wamid, "Where is my parcel?", at);
    deliver(message);
    deliver(message);
    Received forwarded = next();

    assertThat(started.event()).isEqualTo("handoff_started");
    assertThat(started.signature())
        .isEqualTo(Signatures.sign(SECRET, started.body().getBytes(StandardCharsets.UTF_8)));
    JsonNode startedBody = Http.JSON.readTree(started.body());
    assertThat(startedBody.get("event").asString()).isEqualTo("handoff_started");
    assertThat(startedBody.get("conversation").get("note").asString())
        .isEqualTo("Sheena asked for a person");
    assertThat(forwarded.signature())
        .isEqualTo(Signatures.sign(SECRET, forwarded.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(forwarded.idempotencyKey()).isEqualTo(conversation + ":" + wamid);
    JsonNode conversationJson = scenario.conversation(conversation);
    JsonNode context = startedBody.get("conversation");
    assertThat(Http.JSON.readTree(forwarded.body()))
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"event": "message_created", "id": "%1$s:%2$s",
                 "conversation": {"id": "%1$s", "workspace": "%3$s", "channel": "%4$s",
                   "flow": "%5$s", "flow_version": %6$d, "node": "node-2", "team": "support",
                   "note": "Sheena asked for a person",
                   "contact": {"key": "%7$s", "phone": "%8$s", "name": "Sheena"},
                   "variables": {}, "tags": []},
                 "message": {"id": "%2$s", "message_type": "incoming", "content_type": "text",
                   "content": "Where is my parcel?", "created_at": %9$d}}
                """
                    .formatted(
                        conversation,
                        wamid,
                        context.get("workspace").asString(),
                        context.get("channel").asString(),
                        flow.id(),
                        conversationJson.get("flow_version").asInt(),
                        conversationJson.get("contact_key").asString(),
                        contact,
                        at)));
    assertThat(INBOX.poll(2, TimeUnit.SECONDS)).as("forwarded once").isNull();
    JsonNode after = scenario.awaitStatus(conversation, "with_agent");
    assertThat(steps(after)).contains("to_agent:node-2").doesNotContain("unmatched_reply:node-2");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenAConversationWithAnAgent_whenTheAgentRepliesAndResumes_itSendsAndGoesOnAlongResumed() {
    BridgeScenario.Flow flow = handoffFlow();
    String[] c = withAgent(flow, now());
    String contact = c[0];
    String conversation = c[1];

    Http.Response text =
        scenario
            .http()
            .post(
                "/chat-flow/conversations/" + conversation + "/agent/messages/",
                "{\"type\": \"text\", \"text\": \"Hi, this is Grace from support\"}");
    Http.Response image =
        scenario
            .http()
            .post(
                "/chat-flow/conversations/" + conversation + "/agent/messages/",
                "{\"type\": \"image\", \"link\": \"https://cdn.example.com/label.png\","
                    + " \"caption\": \"Your label\"}");
    assertThat(text.status()).as(text.body()).isEqualTo(201);
    assertThat(image.status()).as(image.body()).isEqualTo(201);
    assertThat(Http.JSON.readTree(scenario.awaitSendTo(contact).body()))
        .isEqualTo(
            Http.JSON.readTree(
                "{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", \"to\":"
                    + " \"%s\", \"type\": \"text\", \"text\": {\"preview_url\": false, \"body\":"
                        .formatted(contact)
                    + " \"Hi, this is Grace from support\"}}"));
    assertThat(Http.JSON.readTree(scenario.awaitSendTo(contact).body()))
        .isEqualTo(
            Http.JSON.readTree(
                "{\"messaging_product\": \"whatsapp\", \"recipient_type\": \"individual\", \"to\":"
                    + " \"%s\", \"type\": \"image\", \"image\": {\"link\":".formatted(contact)
                    + " \"https://cdn.example.com/label.png\", \"caption\": \"Your label\"}}"));

    Http.Response resumed =
        scenario.http().post("/chat-flow/conversations/" + conversation + "/agent/resume/", "{}");

    assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("handoff_thanks");
    assertThat(steps(done))
        .containsSubsequence(
            "message_sent:node-2",
            "from_agent:node-2",
            "message_sent:node-2",
            "from_agent:node-2",
            "handoff_ended:node-2",
            "edge_taken:node-2");
    Http.Response again =
        scenario.http().post("/chat-flow/conversations/" + conversation + "/agent/end/", "{}");
    assertThat(again.status()).as(again.body()).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("not_with_agent");
  }

  @Test
  void givenAConversationWithAnAgent_whenTheAgentResumesAtANodeOrEnds_itGoesThereOrCompletes() {
    BridgeScenario.Flow flow = handoffFlow();
    String[] first = withAgent(flow, now());
    String[] second = withAgent(flow, now());

    Http.Response unknown =
        scenario
            .http()
            .post(
                "/chat-flow/conversations/" + first[1] + "/agent/resume/",
                "{\"node\": \"node-9\"}");
    Http.Response atNode =
        scenario
            .http()
            .post(
                "/chat-flow/conversations/" + first[1] + "/agent/resume/",
                "{\"node\": \"node-1\"}");
    Http.Response ended =
        scenario.http().post("/chat-flow/conversations/" + second[1] + "/agent/end/", "");

    assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    assertThat(unknown.json().get("field").asString()).isEqualTo("node");
    assertThat(atNode.status()).as(atNode.body()).isEqualTo(202);
    assertThat(ended.status()).as(ended.body()).isEqualTo(202);
    scenario.awaitStatus(first[1], "waiting");
    assertThat(templateName(scenario.awaitSendTo(first[0]))).isEqualTo("handoff_welcome");
    JsonNode done = scenario.awaitStatus(second[1], "completed");
    assertThat(steps(done)).endsWith("handoff_ended:node-2", "ended:node-2");
    assertThat(scenario.remainingSendsTo(second[0])).isEmpty();
  }

  @Test
  void givenTheContactsWindowClosed_whenTheAgentSends_itIsRefusedAndNothingIsSent() {
    BridgeScenario.Flow flow = handoffFlow();
    String[] c = withAgent(flow, now() - Duration.ofHours(25).toSeconds());

    Http.Response refused =
        scenario
            .http()
            .post(
                "/chat-flow/conversations/" + c[1] + "/agent/messages/",
                "{\"type\": \"text\", \"text\": \"Hello?\"}");

    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("code").asString()).isEqualTo("window_closed");
    assertThat(scenario.remainingSendsTo(c[0])).isEmpty();
  }

  @Test
  void givenBadInputOrAnotherWorkspace_whenTheAgentActs_itIsAProblemAndNothingHappens() {
    BridgeScenario.Flow flow = handoffFlow();
    String[] c = withAgent(flow, now());
    String path = "/chat-flow/conversations/" + c[1] + "/agent/";
    Http.Response workspace =
        scenario
            .http()
            .withToken(AccessControlTest.ADMIN_TOKEN)
            .post("/admin/workspaces/", "{\"name\": \"Other inbox\"}");
    assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
    Http other = scenario.http().withToken(workspace.json().get("token").asString());

    Map<String, Http.Response> bad =
        Map.of(
            "type",
            scenario.http().post(path + "messages/", "{\"type\": \"sticker\", \"text\": \"x\"}"),
            "text",
            scenario.http().post(path + "messages/", "{\"type\": \"text\"}"),
            "link",
            scenario
                .http()
                .post(path + "messages/", "{\"type\": \"image\", \"link\": \"ftp://x\"}"));
    Http.Response otherSend =
        other.post(path + "messages/", "{\"type\": \"text\", \"text\": \"hi\"}");
    Http.Response otherEnd = other.post(path + "end/", "");
    Http.Response malformed = scenario.http().post(path + "messages/", "{\"type\": ");

    bad.forEach(
        (field, response) -> {
          assertThat(response.status()).as(response.body()).isEqualTo(400);
          assertThat(response.contentType()).startsWith("application/problem+json");
          assertThat(response.json().get("field").asString()).isEqualTo(field);
        });
    assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
    assertThat(otherSend.status()).as(otherSend.body()).isEqualTo(404);
    assertThat(otherEnd.status()).as(otherEnd.body()).isEqualTo(404);
    assertThat(scenario.awaitStatus(c[1], "with_agent").get("status").asString())
        .isEqualTo("with_agent");
    assertThat(scenario.remainingSendsTo(c[0])).isEmpty();
    Http.Response listed = scenario.http().get("/chat-flow/conversations/?status=with_agent");
    assertThat(listed.status()).as(listed.body()).isEqualTo(200);
    assertThat(listed.json().get("results").findValuesAsString("id")).contains(c[1]);
    assertThat(other.get("/chat-flow/conversations/?status=with_agent").json().get("results"))
        .isEmpty();
  }
}
