package io.chatflows.standalone;

import static io.chatflows.standalone.EndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.conversation.ConversationReconciler;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Conversations over real HTTP on the embedded default with its sandbox channel: a three-level flow
 * to completion, a timeout, flows edited and deleted under running conversations, the contacts API,
 * the start policy and cancellation.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationApiTest {

  @LocalServerPort int port;
  @Autowired ConversationStore conversations;
  @Autowired ConversationReconciler reconciler;

  Http http;
  String survey;
  String thanksPromoter;
  String thanks;

  @BeforeEach
  void templates() {
    http = new Http(port, Fixtures.TOKEN);
    survey =
        template(
            "{\"name\":\"survey\",\"components\":[{\"type\":\"BODY\",\"text\":\"From 0 to 10?\"}]}");
    thanksPromoter =
        template(
            "{\"name\":\"thanks_promoter\",\"components\":[{\"type\":\"HEADER\",\"format\":\"TEXT\","
                + "\"text\":\"Score {{1}}\"},{\"type\":\"BODY\",\"text\":\"{{1}}! Thanks!\"}]}");
    thanks =
        template("{\"name\":\"thanks\",\"components\":[{\"type\":\"BODY\",\"text\":\"Thanks.\"}]}");
  }

  /** template → condition → action → template, with an else branch. */
  String surveyFlow(long timeoutSeconds) {
    return """
        {"name": "Survey", "is_active": true, "start_template": "%1$s",
         "flow_data": {"nodes": [
           {"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
            "data": {"template_id": "%1$s", "timeout_seconds": %4$d}},
           {"id": "n2", "type": "condition", "position": {"x": 0, "y": 100}, "data": {"subject": "reply"}},
           {"id": "n3", "type": "action", "position": {"x": 0, "y": 200}, "data": {"action": "tag", "tag": "promoter"}},
           {"id": "n4", "type": "template", "position": {"x": 0, "y": 300},
            "data": {"template_id": "%2$s",
                     "parameters": {"body": ["{{reply.text}}"], "header": ["{{reply.text}}/10"]}}},
           {"id": "n5", "type": "action", "position": {"x": 200, "y": 200},
            "data": {"action": "set_variable", "name": "segment", "value": "detractor"}},
           {"id": "n6", "type": "template", "position": {"x": 200, "y": 300}, "data": {"template_id": "%3$s"}}],
          "edges": [
           {"id": "e1", "source": "n1", "target": "n2", "data": {"trigger": "text_reply", "trigger_value": ""}},
           {"id": "e2", "source": "n2", "target": "n3",
            "data": {"trigger": "condition", "operator": "greater_than", "trigger_value": "7"}},
           {"id": "e3", "source": "n2", "target": "n5", "data": {"trigger": "default"}},
           {"id": "e4", "source": "n3", "target": "n4"},
           {"id": "e5", "source": "n5", "target": "n6"}]}}
        """
        .formatted(survey, thanksPromoter, thanks, timeoutSeconds);
  }

  @Test
  @Timeout(60)
  void givenAThreeLevelFlow_whenTheContactAnswers9_itTagsThemAndCompletesWithTheStepHistory() {
    String flow = create(surveyFlow(3600));
    String contact = "4915100000001";
    String conversation = start(flow, contact, "{}");
    awaitStatus(conversation, "waiting");

    simulateText(contact, "9");

    JsonNode done = awaitStatus(conversation, "completed");
    assertThat(stepSummary(done))
        .containsExactly(
            "node_entered:n1:template",
            "message_sent:n1",
            "reply:n1:text_reply:9",
            "edge_taken:n1:e1:text_reply",
            "node_entered:n2:condition",
            "edge_taken:n2:e2:condition",
            "node_entered:n3:action",
            "action:n3:tag promoter",
            "edge_taken:n3:e4:default",
            "node_entered:n4:template",
            "message_sent:n4");
    JsonNode outbox = http.get("/chat-flow/outbox/?contact=" + contact).json().get("results");
    assertThat(outbox.get(1).get("template_name").asString()).isEqualTo("thanks_promoter");
    assertThat(outbox.get(1).get("body_parameters").get(0).asString()).isEqualTo("9");
    assertThat(outbox.get(1).get("header_parameters").get(0).asString()).isEqualTo("9/10");
    JsonNode contacts = http.get("/chat-flow/contacts/?wa_id=" + contact).json().get("results");
    assertThat(contacts).hasSize(1);
    assertThat(contacts.get(0).get("tags").get(0).asString()).isEqualTo("promoter");
    assertThat(contacts.get(0).get("id").asString()).isEqualTo(done.get("contact_key").asString());
  }

  @Test
  @Timeout(60)
  void givenAThreeLevelFlow_whenTheContactAnswers3_itTakesTheElseBranchAndSetsAVariable() {
    String flow = create(surveyFlow(3600));
    String contact = "4915100000002";
    String conversation = start(flow, contact, "{}");
    awaitStatus(conversation, "waiting");
    simulateText(contact, "3");
    JsonNode done = awaitStatus(conversation, "completed");
    assertThat(done.get("variables").get("segment").asString()).isEqualTo("detractor");
    assertThat(done.get("current_node").asString()).isEqualTo("n6");
  }

  @Test
  @Timeout(60)
  void givenANodeTimeoutWithoutTimeoutEdge_whenNoOneAnswers_itEndsTimedOut() {
    String flow = create(surveyFlow(2));
    String conversation = start(flow, "4915100000003", "{}");
    JsonNode done = awaitStatus(conversation, "timed_out");
    List<String> steps = stepSummary(done);
    assertThat(steps.get(steps.size() - 1)).isEqualTo("ended:n1:timed_out");
    assertThat(done.get("ended_at").isNull()).isFalse();
  }

  @Test
  @Timeout(60)
  void givenARunningConversation_whenTheFlowIsEditedAndDeleted_itKeepsRunningOnItsVersion() {
    String flow = create(surveyFlow(3600));
    String contact = "4915100000004";
    String conversation = start(flow, contact, "{}");
    awaitStatus(conversation, "waiting");

    String edited =
        surveyFlow(3600).replace("\"trigger_value\": \"7\"", "\"trigger_value\": \"100\"");
    Http.Response put = http.put("/chat-flow/flows/" + flow + "/", edited);
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().get("version").asInt()).isEqualTo(2);
    assertThat(http.delete("/chat-flow/flows/" + flow + "/").status()).isEqualTo(204);

    simulateText(contact, "9");
    JsonNode done = awaitStatus(conversation, "completed");
    assertThat(done.get("flow_version").asInt()).isEqualTo(1);
    assertThat(done.get("current_node").asString()).isEqualTo("n4");
  }

  @Test
  @Timeout(60)
  void givenAContactInAConversation_whenStartedAgain_itKeepsTheRunningOneUnlessRestartIsAsked() {
    String flow = create(surveyFlow(3600));
    String contact = "4915100000005";
    String first = start(flow, contact, "{}");
    awaitStatus(first, "waiting");

    Http.Response again =
        http.post("/chat-flow/flows/" + flow + "/start/", "{\"contact\": \"" + contact + "\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("conversation_running");
    assertThat(again.json().get("detail").asString()).contains(first);

    Http.Response restarted =
        http.post(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"" + contact + "\", \"restart\": true}");
    assertThat(restarted.status()).isEqualTo(201);
    assertThat(http.get("/chat-flow/conversations/" + first + "/").json().get("status").asString())
        .isEqualTo("cancelled");
    awaitStatus(restarted.json().get("id").asString(), "waiting");
  }

  @Test
  @Timeout(60)
  void givenAWaitingConversation_whenCancelled_itEndsCancelledAndListsFilterByStatus() {
    String flow = create(surveyFlow(3600));
    String conversation = start(flow, "4915100000006", "{}");
    awaitStatus(conversation, "waiting");
    assertThat(http.post("/chat-flow/conversations/" + conversation + "/cancel/", "{}").status())
        .isEqualTo(202);
    awaitStatus(conversation, "cancelled");
    JsonNode cancelled = http.get("/chat-flow/conversations/?status=cancelled&flow=" + flow).json();
    assertThat(cancelled.get("count").asInt()).isEqualTo(1);
    assertThat(cancelled.get("results").get(0).get("id").asString()).isEqualTo(conversation);
    assertThat(http.post("/chat-flow/conversations/" + conversation + "/cancel/", "{}").status())
        .isEqualTo(409);
    assertThat(http.get("/chat-flow/conversations/?status=bogus").status()).isEqualTo(400);
  }

  @Test
  void givenAnOpenConversationWhoseRunIsGone_whenReconciled_itIsInterrupted() {
    Instant now = Instant.now();
    conversations.insert(
        new ConversationDocument(
            "lost-conversation",
            "default",
            "some-flow",
            1,
            Fixtures.PHONE_NUMBER_ID,
            "ck_lost",
            "conversation:default:lost",
            "00000000-0000-0000-0000-000000000000",
            ConversationStatus.WAITING,
            "n1",
            Map.of(),
            0,
            List.of(),
            now,
            now,
            null));
    reconciler.reconcile();
    assertThat(
            http.get("/chat-flow/conversations/lost-conversation/").json().get("status").asString())
        .isEqualTo("interrupted");
  }

  @Test
  void givenBadStartRequests_itAnswersProblems() {
    String flow = create(surveyFlow(3600));
    assertThat(
            http.post("/chat-flow/flows/" + flow + "/start/", "{\"contact\": \"not-a-number\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            http.post("/chat-flow/flows/nope/start/", "{\"contact\": \"4915100000009\"}").status())
        .isEqualTo(404);
    Http.Response malformed = http.post("/chat-flow/flows/" + flow + "/start/", "{\"contact\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.contentType()).startsWith("application/problem+json");
    Http.Response longVariable =
        http.post(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"4915100000009\", \"variables\": {\"x\": \""
                + "a".repeat(1_025)
                + "\"}}");
    assertThat(longVariable.status()).isEqualTo(400);
    assertThat(longVariable.json().get("code").asString()).isEqualTo("variable_too_long");
    Http.Response badName =
        http.post(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"4915100000009\", \"variables\": {\"a.b\": \"1\"}}");
    assertThat(badName.json().get("code").asString()).isEqualTo("invalid_variable");
    assertThat(http.get("/chat-flow/conversations/nope/").status()).isEqualTo(404);
    assertThat(http.get("/chat-flow/contacts/nope/").status()).isEqualTo(404);
  }

  private String template(String body) {
    // Each test's templates in a language of their own: a name and language is one template.
    Http.Response response =
        http.post(
            "/chat-flow/templates/",
            body.replaceFirst("\\{", "{\"language\": \"" + BridgeScenario.newLanguage() + "\", "));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().get("id").asString();
  }

  private String create(String flow) {
    Http.Response response = http.post("/chat-flow/flows/", flow);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().get("id").asString();
  }

  private String start(String flow, String contact, String variables) {
    Http.Response response =
        http.post(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"" + contact + "\", \"variables\": " + variables + "}");
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().get("id").asString();
  }

  private void simulateText(String contact, String text) {
    Http.Response response =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"" + contact + "\", \"text\": \"" + text + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().get("outcome").asString()).isEqualTo("signalled");
  }

  private JsonNode awaitStatus(String conversation, String status) {
    return await(
        http,
        "/chat-flow/conversations/" + conversation + "/",
        c -> c.get("status").asString().equals(status));
  }

  static List<String> stepSummary(JsonNode conversation) {
    List<String> out = new ArrayList<>();
    for (JsonNode step : conversation.get("steps")) {
      StringBuilder line =
          new StringBuilder(step.get("kind").asString())
              .append(':')
              .append(step.get("node_id").asString());
      for (String field : List.of("edge_id", "trigger", "detail")) {
        JsonNode value = step.get(field);
        boolean skip = field.equals("detail") && step.get("kind").asString().equals("message_sent");
        if (value != null && !value.isNull() && !skip) {
          line.append(':').append(value.asString());
        }
      }
      out.add(line.toString());
    }
    return out;
  }
}
