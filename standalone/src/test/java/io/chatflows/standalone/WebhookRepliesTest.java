package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Signed WhatsApp webhooks in the sample payloads' shapes move conversations over real HTTP:
 * button, interactive and text replies, a click on a start-template message of an ended
 * conversation, and delivery failures (a {@code failed} status, a permanent Graph API error) that
 * take the {@code delivery_failed} edge; a throttled send is retried once and the flow goes on.
 */
@Timeout(60)
class WebhookRepliesTest extends CloudApiTestBase {

  @Test
  void givenAWaitingConversation_whenTheContactClicksAButton_itFollowsTheButtonEdge() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_welcome");

    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.button(
                PHONE_NUMBER_ID, contact, newMessageId(), welcome, "Track Order", "Track Order"));

    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(steps(done))
        .containsExactly(
            "node_entered:node-1",
            "message_sent:node-1",
            "reply:node-1",
            "edge_taken:node-1",
            "node_entered:node-2",
            "message_sent:node-2");
    assertThat(done.get("steps").get(3).get("edge_id").asString()).isEqualTo("edge-1");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_status");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenAWaitingConversation_whenTheContactAnswersWithAnInteractiveButton_itFollowsItsEdge() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);

    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.interactive(
                PHONE_NUMBER_ID,
                contact,
                newMessageId(),
                welcome,
                "agent-button",
                "Talk to an agent"));

    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(steps(done))
        .containsExactly(
            "node_entered:node-1",
            "message_sent:node-1",
            "reply:node-1",
            "edge_taken:node-1",
            "node_entered:node-3",
            "ended:node-3");
    assertThat(done.get("steps").get(3).get("edge_id").asString()).isEqualTo("edge-2");
  }

  @Test
  void givenAConversationWaitingForText_whenTheContactWrites_itFollowsTheTextReplyEdge() {
    Flow flow = scenario.textFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, null);
    scenario.awaitWaitingOnFirstMessage(conversation);
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_question");

    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.text(PHONE_NUMBER_ID, contact, newMessageId(), "Order #4412"));

    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(done.get("steps").get(2).get("kind").asString()).isEqualTo("reply");
    assertThat(done.get("steps").get(2).get("trigger").asString()).isEqualTo("text_reply");
    assertThat(done.get("steps").get(2).get("detail").asString()).isEqualTo("Order #4412");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_thanks");
  }

  @Test
  void givenAnEndedConversation_whenTheContactClicksItsStartTemplate_itStartsOneWithoutResending() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String first = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(first);
    assertThat(
            scenario.http().post("/chat-flow/conversations/" + first + "/cancel/", "{}").status())
        .isEqualTo(202);
    scenario.awaitStatus(first, "cancelled");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_welcome");

    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.button(
                PHONE_NUMBER_ID,
                contact,
                newMessageId(),
                welcome,
                "Track Order",
                "cf:" + first + ":1:0"));

    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("started");
    List<JsonNode> conversations = scenario.conversationsOf(contact);
    assertThat(conversations).hasSize(2);
    String second =
        conversations.stream()
            .map(c -> c.get("id").asString())
            .filter(id -> !id.equals(first))
            .findFirst()
            .orElseThrow();
    JsonNode done = scenario.awaitStatus(second, "completed");
    assertThat(steps(done)).isEqualTo(BridgeScenario.CLICK_STARTED_STEPS);
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_status");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenNoConversation_whenTheContactClicksAStartTemplateButtonOnlyOneFlowHas_itStartsIt() {
    String button = "Claim offer " + newContact();
    Flow flow = scenario.buttonFlow(button);
    String contact = newContact();

    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.button(PHONE_NUMBER_ID, contact, newMessageId(), null, button, button));

    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("started");
    JsonNode conversation = scenario.conversationsOf(contact).get(0);
    assertThat(conversation.get("flow").asString()).isEqualTo(flow.id());
    scenario.awaitStatus(conversation.get("id").asString(), "completed");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_status");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenAWaitingConversation_whenAFailedStatusArrivesForItsMessage_itTakesDeliveryFailed() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);

    Http.Response delivered =
        scenario.webhook(WebhookBodies.status(PHONE_NUMBER_ID, welcome, "failed", contact, 131047));

    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertDeliveryFailedPath(done);
    assertThat(done.get("steps").get(2).get("detail").asString()).isEqualTo("131047");
  }

  @Test
  void givenTheGraphApiThrottles_whenSending_itRetriesOnceAndTheConversationGoesOn() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    GRAPH_API.failNext(
        contact,
        429,
        "{\"error\": {\"message\": \"(#130429) Rate limit hit\", \"type\": \"OAuthException\","
            + " \"code\": 130429}}");

    String conversation = scenario.start(flow, contact, null);

    GraphApiStandIn.Received refused = scenario.awaitSendTo(contact);
    GraphApiStandIn.Received accepted = scenario.awaitSendTo(contact);
    assertThat(accepted.body()).isEqualTo(refused.body());
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);
    assertThat(BridgeScenario.sent(scenario.conversation(conversation))).hasSize(1);
    scenario.webhook(
        WebhookBodies.button(
            PHONE_NUMBER_ID, contact, newMessageId(), welcome, "Track Order", "Track Order"));
    scenario.awaitStatus(conversation, "completed");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_status");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenAPermanentGraphApiError_whenSending_itTakesDeliveryFailedWithoutRetrying() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    GRAPH_API.failNext(
        contact,
        400,
        "{\"error\": {\"message\": \"Re-engagement message\", \"type\": \"OAuthException\","
            + " \"code\": 131047}}");

    String conversation = scenario.start(flow, contact, null);

    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(steps(done))
        .containsExactly(
            "node_entered:node-1",
            "send_failed:node-1",
            "edge_taken:node-1",
            "node_entered:node-4",
            "action:node-4");
    assertThat(done.get("steps").get(1).get("detail").asString())
        .startsWith("PermanentSendFailure");
    assertThat(done.get("steps").get(2).get("trigger").asString()).isEqualTo("delivery_failed");
    scenario.awaitSendTo(contact);
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  private static void assertDeliveryFailedPath(JsonNode done) {
    assertThat(steps(done))
        .containsExactly(
            "node_entered:node-1",
            "message_sent:node-1",
            "send_failed:node-1",
            "edge_taken:node-1",
            "node_entered:node-4",
            "action:node-4");
    JsonNode edge = done.get("steps").get(3);
    assertThat(edge.get("edge_id").asString()).isEqualTo("edge-3");
    assertThat(edge.get("trigger").asString()).isEqualTo("delivery_failed");
  }
}
