package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.ResumeState;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.testing.Flows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the histories {@link ConversationReplayTest} replays: one per path a running conversation
 * can be in (see {@link ConversationReplayTest#PATHS}). Not a test (surefire does not pick it up by
 * name, and it runs only with {@code -Dhistories.generate=true}); run it from the repository root
 * when workflow code changed:
 *
 * <pre>
 * ./mvnw -o test -pl workflows -Dtest=ConversationHistoryGenerator -Dhistories.generate=true
 * </pre>
 *
 * One method writes one path ({@code
 * -Dtest='ConversationHistoryGenerator#generateCancelWhileWaiting'} writes just that one).
 * Histories of earlier code stay: a replay failure of one means conversations started by that code
 * would break. New files carry the current {@link #GENERATION} in their name (the histories without
 * a suffix were written before {@code one-task-step}); renew a generation only for a change that is
 * meant to be incompatible. A path that continues as new is stored as two histories: its first run
 * ({@code -run1}, ends with the continue-as-new) and its last run ({@code -run2}, resumed from the
 * state the run before carried over).
 */
@Timeout(60)
@EnabledIfSystemProperty(named = "histories.generate", matches = "true")
class ConversationHistoryGenerator extends ConversationTestSupport {

  private static final Path DIR = Path.of("src/test/resources/histories");

  /** Names the code that wrote the histories: the workflow's newest {@code getVersion} change. */
  static final String GENERATION = "reprompt-unmatched";

  @Test
  void generateClickPathToCompletion() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'parameters': {'body': ['{{contact.name}}']}}")
            .template("n2", ORDER, "{'parameters': {'body': ['{{variables.order_id}}']}}")
            .template("n3", INFO)
            .template("n4", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes")
            .then("e3", "n2", "n4")
            .compile();
    Conversation conversation =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));
    conversation.click("Track Order", conversation.payload(1, 0), "wamid.1");
    conversation.awaitWaitingAt("n2");
    conversation.text("hmm");
    conversation.click("Yes", conversation.payload(2, 0), "wamid.2");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("click-to-completion", conversation);
  }

  @Test
  void generateTimeoutPath() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': 3600}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "timeout", null)
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("what is this?");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("timeout", conversation);
  }

  @Test
  void generateConditionAndActionsPath() throws IOException {
    activities.answerWebhook(200, "{\"ticket\": {\"id\": \"T-7\"}}");
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .condition("c1", "{'subject': 'reply'}")
            .action("a1", "{'action': 'tag', 'tags': ['needs-agent']}")
            .action("a2", "{'action': 'set_variable', 'name': 'topic', 'value': '{{reply.text}}'}")
            .action(
                "a3",
                "{'action': 'webhook', 'url': 'https://desk.example/tickets',"
                    + " 'body': {'topic': '{{variables.topic}}'},"
                    + " 'response_mapping': {'ticket_id': 'ticket.id'}}")
            .action("a4", "{'action': 'delay', 'seconds': 60}")
            .action("a5", "{'action': 'send_text', 'text': 'Ticket {{variables.ticket_id}}'}")
            .action("a6", "{'action': 'assign', 'team': 'support', 'handoff': true}")
            .template("n2", INFO)
            .edge("e1", "n1", "c1", "text_reply", null)
            .when("e2", "c1", "a1", "contains", "agent")
            .then("e3", "c1", "n2")
            .then("e4", "a1", "a2")
            .then("e5", "a2", "a3")
            .then("e6", "a3", "a4")
            .then("e7", "a4", "a5")
            .then("e8", "a5", "a6")
            .compile();
    Conversation conversation = start(flow);
    conversation.text("I want an agent");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    save("condition-and-actions", conversation);
  }

  @Test
  void generateHandoffPath() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action(
                "h1",
                "{'action': 'handoff', 'webhook_url': 'https://inbox.example/hooks',"
                    + " 'team': 'support', 'timeout_seconds': 3600}")
            .template("n2", INFO)
            .edge("e1", "n1", "h1", "text_reply", null)
            .then("e2", "h1", "n2")
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("a person, please");
    conversation.awaitSettled();
    conversation.text("my parcel is late");
    conversation.awaitSettled();
    conversation.workflow.agentSend(
        new io.chatflows.workflows.conversation.AgentMessage(
            "text", "Hi, Grace here", null, null, null));
    conversation.workflow.agentResume(null);

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("handoff", conversation);
  }

  /** welcome --Track Order--> order_status --Yes--> info; order_status --delivery_failed--> bye. */
  private static FlowDefinition deliveryFlow() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", ORDER)
        .template("n3", INFO)
        .template("n4", BYE)
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n2", "n3", "Yes")
        .edge("e3", "n2", "n4", "delivery_failed", null)
        .compile();
  }

  /**
   * Replies that match nothing grow the history past the limit while the conversation waits: it
   * continues as new at the node it waits on, and the resumed run publishes its own state (the
   * {@code publish-after-continue-as-new} gate) before the click completes it.
   */
  @Test
  void generateContinueAsNewWhileWaiting() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'parameters': {'body': ['{{variables.order_id}}']}}")
            .template("n2", INFO, "{'parameters': {'body': ['{{reply.text}}']}}")
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation conversation =
        start(
            input(
                flow,
                Map.of("order_id", "A-42"),
                Map.of(),
                List.of(),
                new RunLimits(100, 30),
                null));
    String firstRun = conversation.stub.getExecution().getRunId();
    conversation.awaitWaitingAt("n1");
    // One reply at a time, so the run continues as new while it waits and the resumed run waits
    // on its own timer before the click arrives.
    for (int i = 0; i < 20 && conversation.latestRunId().equals(firstRun); i++) {
      conversation.text("hello " + i);
      conversation.awaitSettled();
    }
    assertThat(conversation.latestRunId()).isNotEqualTo(firstRun);
    conversation.awaitWaitingAt("n1");
    conversation.click("Track Order", conversation.payload(1, 0), "wamid.1");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    saveRuns("continue-as-new-while-waiting", conversation, firstRun);
  }

  /** A run of actions grows the history past the limit: it continues as new between two nodes. */
  @Test
  void generateContinueAsNewWhileWalking() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'tag', 'tags': ['t1']}")
            .action("a2", "{'action': 'tag', 'tags': ['t2']}")
            .action("a3", "{'action': 'set_variable', 'name': 'done', 'value': 'yes'}")
            .template("n2", ORDER)
            .template("n3", INFO, "{'parameters': {'body': ['{{variables.done}}']}}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "a3")
            .then("e4", "a3", "n2")
            .button("e5", "n2", "n3", "Yes")
            .compile();
    Conversation conversation =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(100, 15), null));
    String firstRun = conversation.stub.getExecution().getRunId();
    conversation.awaitWaitingAt("n2");
    conversation.click("Yes");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    saveRuns("continue-as-new-while-walking", conversation, firstRun);
  }

  /**
   * WhatsApp answers 503 twice to the send after the click: the local send is retried after
   * backoffs on durable timers, within the step the click started.
   */
  @Test
  void generateRetriedSend() throws IOException {
    Conversation conversation = start(deliveryFlow());
    conversation.awaitWaitingAt("n1");
    activities.failTransiently(2);
    conversation.click("Track Order");
    conversation.click("Yes"); // arrives during the backoff, handled once the send went out

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sendAttempts).hasValue(5);
    save("retried-send", conversation.history());
  }

  @Test
  void generateCancelWhileWaiting() throws IOException {
    Conversation conversation = start(deliveryFlow());
    conversation.awaitWaitingAt("n1");
    conversation.stub.cancel();
    conversation.awaitClosed();

    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.CANCELLED);
    save("cancel-while-waiting", conversation.history());
  }

  /** The cancellation arrives while the local activity sending order_status is in flight. */
  @Test
  void generateCancelWhileSending() throws IOException, InterruptedException {
    activities.holdTemplate(ORDER.name());
    Conversation conversation = start(deliveryFlow());
    conversation.click("Track Order");
    activities.awaitHolding();
    conversation.stub.cancel();
    activities.release();
    conversation.awaitClosed();

    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.CANCELLED);
    save("cancel-while-sending", conversation.history());
  }

  /** WhatsApp refuses order_status for good: no retry, the delivery_failed edge is taken. */
  @Test
  void generatePermanentSendFailure() throws IOException {
    activities.refuseTemplate(ORDER.name());
    Conversation conversation = start(deliveryFlow());
    conversation.click("Track Order");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    save("delivery-failed-send", conversation.history());
  }

  /** A {@code failed} status of the awaited message arrives while waiting: delivery_failed edge. */
  @Test
  void generateFailedStatusWhileWaiting() throws IOException {
    Conversation conversation = start(deliveryFlow());
    conversation.click("Track Order");
    conversation.awaitWaitingAt("n2");
    conversation.signal(InboundEvent.deliveryFailed("wamid.2", "131049", null));

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "bye");
    save("delivery-failed-status", conversation.history());
  }

  /** A click on a start-template message starts the conversation: the welcome is not resent. */
  @Test
  void generateStartTemplateClick() throws IOException {
    InboundEvent click =
        InboundEvent.button("wamid.in-start", "Track Order", null, "wamid.broadcast-9");
    Conversation conversation =
        start(input(deliveryFlow(), Map.of(), Map.of(), List.of(), null, click));
    conversation.awaitWaitingAt("n2");
    conversation.click("Yes", conversation.payload(1, 0), "wamid.1");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("order_status", "info");
    save("start-template-click", conversation.history());
  }

  /**
   * Waits longer than the documented ranges allow (a 60-day reply timeout, a 40-day delay) and a
   * variable name MongoDB cannot store, then a condition on that variable: written by the code
   * before values were clamped, so conversations that passed such values before keep replaying as
   * they ran (the condition holds only if the variable was set as the earlier code did).
   */
  @Test
  void generateLongWaitsPath() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': 5184000}")
            .action("a1", "{'action': 'set_variable', 'name': 'order.id', 'value': 'A-1'}")
            .action("a2", "{'action': 'delay', 'seconds': 3456000}")
            .condition("c1", "{'subject': 'variable', 'key': 'order.id'}")
            .template("n2", INFO)
            .action("a3", "{'action': 'end'}")
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "a1", "timeout", null)
            .then("e3", "a1", "a2")
            .then("e4", "a2", "c1")
            .when("e5", "c1", "n2", "equals", "A-1")
            .then("e6", "c1", "a3")
            .compile();
    Conversation conversation = start(flow);

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("long-waits", conversation);
  }

  @Test
  void generateSessionButtonsPath() throws IOException {
    Flows.Builder builder =
        flow().template("n1", WELCOME).edge("e1", "n1", "b1", "text_reply", null);
    builder.node(
        "b1",
        "buttons",
        "{'body': 'Was it helpful?', 'buttons': [{'id': 'yes', 'title': 'Yes'}, {'id': 'no',"
            + " 'title': 'No'}], 'timeout_seconds': 3600}");
    FlowDefinition flow =
        builder
            .template("n2", INFO)
            .template("n3", BYE)
            .edge("e2", "b1", "n2", "button_reply", "yes")
            .edge("e3", "b1", "n3", "timeout", null)
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("hi");
    conversation.awaitWaitingAt("b1");
    conversation.signal(
        InboundEvent.buttonReply(conversation.nextInboundId(), "yes", "Yes", "wamid.2"));

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("session-buttons", conversation);
  }

  @Test
  void generateSessionWindowClosedPath() throws IOException {
    Flows.Builder builder = flow().template("n1", INFO).startTemplate(INFO.id());
    builder.node("l1", "location_request", "{'body': 'Where are you?'}");
    FlowDefinition flow =
        builder
            .template("n2", BYE)
            .then("e1", "n1", "l1")
            .edge("e2", "l1", "n2", "window_closed", null)
            .compile();
    Conversation conversation = start(flow);

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).isEmpty();
    save("session-window-closed", conversation);
  }

  /**
   * Replies a buttons node does not understand. The {@code one-task-step} history of this path was
   * written by the code before re-prompts (silence); this generation answers the first two.
   */
  @Test
  void generateUnmatchedRepliesPath() throws IOException {
    Flows.Builder builder =
        flow().template("n1", WELCOME).edge("e1", "n1", "b1", "text_reply", null);
    builder.node(
        "b1",
        "buttons",
        "{'body': 'Was it helpful?', 'buttons': [{'id': 'yes', 'title': 'Yes'}, {'id': 'no',"
            + " 'title': 'No'}]}");
    FlowDefinition flow =
        builder
            .template("n2", INFO)
            .button("e2", "n1", "n2", "Track Order")
            .edge("e3", "b1", "n2", "button_reply", "yes")
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("hi");
    conversation.awaitWaitingAt("b1");
    for (String reply : List.of("maybe", "perhaps", "dunno")) {
      conversation.text(reply);
      conversation.awaitWaitingAt("b1");
    }
    conversation.signal(
        InboundEvent.buttonReply(conversation.nextInboundId(), "yes", "Yes", "wamid.2"));

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).hasSize(3);
    save("unmatched-replies", conversation);
  }

  @Test
  void generateNoMatchPath() throws IOException {
    Flows.Builder builder =
        flow().template("n1", WELCOME).edge("e1", "n1", "l1", "text_reply", null);
    builder.node(
        "l1",
        "list",
        "{'body': 'Shipping?', 'button': 'Options', 'sections': [{'title': 'Ship', 'rows':"
            + " [{'id': 'express', 'title': 'Express'}]}], 'reprompt_text': 'Please choose from"
            + " the list.', 'max_reprompts': 1}");
    FlowDefinition flow =
        builder
            .template("n2", INFO)
            .template("n3", BYE)
            .edge("e2", "l1", "n2", "list_reply", "express")
            .edge("e3", "l1", "n3", "no_match", null)
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("hi");
    conversation.awaitWaitingAt("l1");
    conversation.text("fast please");
    conversation.awaitWaitingAt("l1");
    conversation.text("fast!!");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    save("no-match", conversation);
  }

  @Test
  void generateQuestionPath() throws IOException {
    Flows.Builder builder =
        flow().template("n1", WELCOME).edge("e1", "n1", "q1", "text_reply", null);
    builder.node(
        "q1",
        "question",
        "{'prompt': 'Your email?', 'answer_type': 'email', 'variable': 'email',"
            + " 'timeout_seconds': 3600}");
    FlowDefinition flow =
        builder
            .template("n2", INFO, "{'parameters': {'body': ['{{variables.email}}']}}")
            .template("n3", BYE)
            .then("e2", "q1", "n2")
            .edge("e3", "q1", "n3", "invalid", null)
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("hi");
    conversation.awaitWaitingAt("q1");
    conversation.text("ada at example");
    conversation.awaitWaitingAt("q1");
    conversation.text("ada@example.org");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    save("question", conversation);
  }

  @Test
  void generateRestartResume() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", ORDER, "{'timeout_seconds': 600}")
            .template("n3", INFO)
            .template("n4", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes")
            .edge("e3", "n2", "n4", "timeout", null)
            .compile();
    ConversationInput fresh =
        input(flow, Map.of("order_id", "A-42"), Map.of(), List.of("vip"), null, null);
    Conversation conversation =
        start(
            new ConversationInput(
                fresh.conversationId(),
                fresh.workspaceId(),
                fresh.channelId(),
                fresh.contact(),
                flow,
                fresh.variables(),
                fresh.attributes(),
                fresh.tags(),
                null,
                null,
                new ResumeState(
                    "n2",
                    "wamid.before-restart",
                    3,
                    testEnv.currentTimeMillis() + 300_000,
                    7,
                    "Track Order",
                    List.of(),
                    List.of(),
                    ResumeState.RESTART),
                0));
    conversation.awaitSettled();
    conversation.click("Yes", conversation.payload(3, 0), "wamid.before-restart");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("info");
    save("restart-resume", conversation);
  }

  /**
   * Migrated to another version while it waits (the moveTo signal): it continues as new waiting at
   * the mapped node, and the click goes down the new version's edge.
   */
  @Test
  void generateMigrateWhileWaiting() throws IOException {
    Conversation conversation =
        start(
            input(
                ConversationMoveTest.versionThree(),
                Map.of("order_id", "A-42"),
                Map.of(),
                List.of(),
                null,
                null));
    String firstRun = conversation.stub.getExecution().getRunId();
    conversation.click("Track Order", conversation.payload(1, 0), "wamid.1");
    conversation.awaitWaitingAt("n2");
    conversation.workflow.moveTo(ConversationMoveTest.migrate("job-1", conversation.id));
    conversation.awaitSettled();
    conversation.click("Yes", conversation.payload(2, 0), "wamid.2");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).endsWith("bye");
    saveRuns("migrate-while-waiting", conversation, firstRun);
  }

  /** Migrated while the send after a click is in flight: it moves at the wait that follows. */
  @Test
  void generateMigrateMidStep() throws IOException, InterruptedException {
    activities.holdTemplate(ORDER.name());
    Conversation conversation =
        start(
            input(ConversationMoveTest.versionThree(), Map.of(), Map.of(), List.of(), null, null));
    String firstRun = conversation.stub.getExecution().getRunId();
    conversation.click("Track Order", conversation.payload(1, 0), "wamid.1");
    activities.awaitHolding();
    conversation.workflow.moveTo(ConversationMoveTest.migrate("job-1", conversation.id));
    activities.release();
    conversation.awaitSettled();
    conversation.click("Yes", conversation.payload(2, 0), "wamid.2");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    saveRuns("migrate-mid-step", conversation, firstRun);
  }

  private void save(String name, Conversation conversation) throws IOException {
    save(name, conversation.history());
  }

  /** Stores the first run and the last run of a conversation that continued as new. */
  private void saveRuns(String name, Conversation conversation, String firstRunId)
      throws IOException {
    WorkflowExecutionHistory first = client.fetchHistory(conversation.workflowId(), firstRunId);
    WorkflowExecutionHistory last = conversation.history();
    assertThat(first.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(conversation.latestRunId()).isNotEqualTo(firstRunId);
    save(name + "-run1", first);
    save(name + "-run2", last);
  }

  private static void save(String name, WorkflowExecutionHistory history) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(name + "." + GENERATION + ".json"), history.toJson(true));
  }
}
