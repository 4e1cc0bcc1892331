package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.conversation.ConversationResumer;
import io.chatflows.standalone.BridgeScenario.Flow;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The resume of one conversation from its projection ({@link ConversationResumer}) in the running
 * app: a conversation whose workflow is gone waits at its node again without sending and moves on
 * the contact's click on the message sent before; one lost while its first send was in flight waits
 * on that message when the send recorded it, and enters its node and sends again when it did not;
 * one whose workflow still runs is left alone; one whose flow version is not stored is closed as
 * {@code interrupted}, saying why.
 */
@Timeout(60)
class ConversationResumerTest extends CloudApiTestBase {

  private static final String WORKSPACE = "default";

  @Autowired ConversationResumer resumer;
  @Autowired ConversationStore conversations;
  @Autowired WorkflowClient temporal;

  @Test
  void givenAWaitingConversationWhoseWorkflowIsGone_whenResumed_theClickOnTheEarlierSendMovesIt() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String id = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(id);
    JsonNode before = scenario.conversation(id);
    GraphApiStandIn.Received sent = scenario.awaitSendTo(contact);
    String payload =
        Http.JSON
            .readTree(sent.body())
            .get("template")
            .get("components")
            .get(0)
            .get("parameters")
            .get(0)
            .get("payload")
            .asString();
    temporal.newUntypedWorkflowStub(before.get("workflow_id").asString()).terminate("lost");

    ConversationResumer.Outcome outcome = resumer.resumeOne(WORKSPACE, id);

    assertThat(outcome).isEqualTo(ConversationResumer.Outcome.WAITING);
    JsonNode resumed = scenario.awaitConversation(id, c -> steps(c).contains("resumed:node-1"));
    assertThat(resumed.get("status").asString()).isEqualTo("waiting");
    assertThat(resumed.get("wait_deadline")).isEqualTo(before.get("wait_deadline"));
    assertThat(resumed.get("run_id").asString()).isNotEqualTo(before.get("run_id").asString());
    assertThat(scenario.remainingSendsTo(contact)).as("nothing sent again").isEmpty();
    Http.Response clicked =
        scenario.webhook(
            WebhookBodies.button(
                PHONE_NUMBER_ID, contact, newMessageId(), welcome, "Track Order", payload));
    assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);
    JsonNode done = scenario.awaitStatus(id, "completed");
    assertThat(steps(done))
        .containsExactly(
            "node_entered:node-1",
            "message_sent:node-1",
            "resumed:node-1",
            "reply:node-1",
            "edge_taken:node-1",
            "node_entered:node-2",
            "message_sent:node-2");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_status");
  }

  @Test
  void givenAConversationLostWhileItsFirstSendWasInFlight_whenTheSendEndedFirst_itWaitsOnIt() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    GraphApiStandIn.Hold held = GRAPH_API.holdNext(contact);
    String id = scenario.start(flow, contact, null);
    held.awaitArrived(BridgeScenario.WAIT);
    JsonNode before = scenario.conversation(id);
    temporal.newUntypedWorkflowStub(before.get("workflow_id").asString()).terminate("lost");
    held.release();
    // The send's local activity still ends: it records the message and the progress with it.
    scenario.awaitConversation(id, c -> c.get("status").asString().equals("waiting"));

    ConversationResumer.Outcome outcome = resumer.resumeOne(WORKSPACE, id);

    assertThat(before.get("status").asString()).isEqualTo("running");
    assertThat(outcome).isEqualTo(ConversationResumer.Outcome.WAITING);
    JsonNode waiting = scenario.awaitConversation(id, c -> steps(c).contains("resumed:node-1"));
    assertThat(steps(waiting))
        .containsExactly("node_entered:node-1", "message_sent:node-1", "resumed:node-1");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_welcome");
    assertThat(scenario.remainingSendsTo(contact)).as("the welcome is not sent again").isEmpty();
  }

  @Test
  void
      givenAConversationLostWhileItsFirstSendIsInFlight_whenResumed_itEntersItsNodeAndSendsAgain() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    GraphApiStandIn.Hold held = GRAPH_API.holdNext(contact);
    String id = scenario.start(flow, contact, null);
    held.awaitArrived(BridgeScenario.WAIT);
    JsonNode before = scenario.conversation(id);
    temporal.newUntypedWorkflowStub(before.get("workflow_id").asString()).terminate("lost");

    ConversationResumer.Outcome outcome = resumer.resumeOne(WORKSPACE, id);
    JsonNode waiting =
        scenario.awaitConversation(id, c -> c.get("status").asString().equals("waiting"));
    held.release();

    assertThat(before.get("status").asString()).isEqualTo("running");
    assertThat(outcome).isEqualTo(ConversationResumer.Outcome.ENTERING);
    assertThat(steps(waiting))
        .containsExactly("resumed:node-1", "node_entered:node-1", "message_sent:node-1");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_welcome");
    assertThat(templateName(scenario.awaitSendTo(contact)))
        .as("a send WhatsApp got but the app never recorded goes out again")
        .isEqualTo("bridge_welcome");
  }

  @Test
  void givenAConversationWhoseWorkflowRuns_whenResumed_itIsLeftAlone() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String id = scenario.start(flow, contact, null);
    scenario.awaitWaitingOnFirstMessage(id);
    scenario.awaitSendTo(contact);

    assertThat(resumer.resumeOne(WORKSPACE, id))
        .isEqualTo(ConversationResumer.Outcome.ALREADY_RUNNING);
    assertThat(steps(scenario.conversation(id))).doesNotContain("resumed:node-1");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  @Test
  void givenAConversationWhoseFlowVersionIsNotStored_whenResumed_itIsInterruptedSayingWhy() {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    conversations.insert(
        new ConversationDocument(
            id,
            WORKSPACE,
            "no-such-flow",
            3,
            PHONE_NUMBER_ID,
            "ck_resume_missing",
            "conversation:" + WORKSPACE + ":" + PHONE_NUMBER_ID + ":ck_resume_missing",
            null,
            ConversationStatus.WAITING,
            "node-1",
            Map.of(),
            0,
            List.of(),
            now,
            now,
            null));

    assertThat(resumer.resumeOne(WORKSPACE, id))
        .isEqualTo(ConversationResumer.Outcome.NOT_RESUMABLE);

    JsonNode interrupted = scenario.conversation(id);
    assertThat(interrupted.get("status").asString()).isEqualTo("interrupted");
    JsonNode last = interrupted.get("steps").get(interrupted.get("steps").size() - 1);
    assertThat(last.get("kind").asString()).isEqualTo("ended");
    assertThat(last.get("detail").asString())
        .isEqualTo("not_resumable: flow version 3 is not stored");
  }
}
