package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.Limits;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flow version stored before ranges were enforced can hold a reply timeout, a flow default or a
 * delay far outside {@link Limits} (10^12 s, Long.MAX), or a variable name MongoDB cannot store.
 * The conversation clamps or skips such a value with an {@code invalid_value} step: its workflow
 * tasks never fail, it can be cancelled, and it replays deterministically.
 */
@Timeout(30)
class OutOfRangeValuesTest extends ConversationTestSupport {

  private static final long MAX_WAIT = Limits.REPLY_TIMEOUT_SECONDS.max();

  /** welcome --Track Order--> info; --timeout--> bye. */
  private static FlowDefinition waitingFlow(String nodeData, long flowDefault) {
    return flow()
        .template("n1", WELCOME, nodeData)
        .template("n2", INFO)
        .template("n3", BYE)
        .button("e1", "n1", "n2", "Track Order")
        .edge("e2", "n1", "n3", "timeout", null)
        .replyTimeoutSeconds(flowDefault)
        .compile();
  }

  @Test
  void givenANodeTimeoutOfATrillionSeconds_whenWaiting_itWaitsThirtyDaysAndRecordsTheClamp() {
    Conversation sut = start(waitingFlow("{'timeout_seconds': 1000000000000}", 0));
    sut.awaitWaitingAt("n1");

    assertThat(replyTimer(sut.history())).isEqualTo(Duration.ofSeconds(MAX_WAIT));
    assertThat(activities.steps(StepKind.INVALID_VALUE))
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.nodeId()).isEqualTo("n1");
              assertThat(step.detail())
                  .isEqualTo("timeout_seconds 1000000000000 is outside 1..2592000: used 2592000");
            });
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    Step sent = activities.steps(StepKind.MESSAGE_SENT).get(0);
    Step timedOut = activities.steps(StepKind.EDGE_TAKEN).get(0);
    assertThat(timedOut.trigger()).isEqualTo("timeout");
    assertThat(Duration.ofMillis(timedOut.at() - sent.at()))
        .isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(1));
    assertReplays(sut);
  }

  @Test
  void givenAFlowDefaultOfLongMax_whenWaiting_itDoesNotFireAtOnceAndCanBeCancelled() {
    Conversation sut = start(waitingFlow("{}", Long.MAX_VALUE));
    sut.awaitWaitingAt("n1");

    assertThat(replyTimer(sut.history())).isEqualTo(Duration.ofSeconds(MAX_WAIT));
    assertThat(activities.steps(StepKind.INVALID_VALUE))
        .extracting(Step::detail)
        .containsExactly(
            "settings.reply_timeout_seconds 9223372036854775807 is outside 1..2592000: used"
                + " 2592000");
    testEnv.sleep(Duration.ofDays(29));
    assertThat(sut.view().status()).isEqualTo(ConversationStatus.WAITING);

    sut.stub.cancel();

    assertThatThrownBy(sut::result)
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.CANCELLED);
    assertThat(failedWorkflowTasks(sut.history())).isZero();
  }

  @Test
  void givenADelayOfLongMax_whenRun_itSleepsThirtyDaysAndGoesOn() {
    FlowDefinition flow =
        flow()
            .template("n1", INFO)
            .action("a1", "{'action': 'delay', 'delay_seconds': " + Long.MAX_VALUE + "}")
            .action("a2", "{'action': 'send_text', 'text': 'Still there?'}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .startTemplate(INFO.id())
            .compile();
    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts).extracting(SendTextCommand::text).containsExactly("Still there?");
    assertThat(activities.steps(StepKind.INVALID_VALUE))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "a1", "delay_seconds 9223372036854775807 is outside 0..2592000: used 2592000"));
    assertThat(activities.steps(StepKind.ACTION))
        .extracting(Step::detail)
        .containsExactly("delay 2592000s");
    assertThat(failedWorkflowTasks(sut.history())).isZero();
    assertReplays(sut);
  }

  @Test
  void givenAVariableNameMongoCannotStore_whenSet_itIsSkippedWithAStep() {
    activities.answerWebhook(200, "{\"ticket\": {\"id\": \"T-7\"}}");
    FlowDefinition flow =
        flow()
            .template("n1", INFO)
            .action("a1", "{'action': 'set_variable', 'name': 'order.id', 'value': 'A-1'}")
            .action(
                "a2",
                "{'action': 'webhook', 'url': 'https://desk.example/t',"
                    + " 'response_mapping': {'$where': 'ticket.id', 'ticket_id': 'ticket.id'}}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .startTemplate(INFO.id())
            .compile();
    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.lastProgress().variables())
        .containsEntry("ticket_id", "T-7")
        .doesNotContainKeys("order.id", "$where");
    assertThat(activities.steps(StepKind.INVALID_VALUE))
        .extracting(Step::detail)
        .containsExactly(
            "name 'order.id' cannot name a variable: skipped",
            "response_mapping.$where '$where' cannot name a variable: skipped");
    assertReplays(sut);
  }

  @Test
  void givenValuesInRange_whenRun_itRecordsNoClampAndNoVersionMarker() {
    Conversation sut = start(waitingFlow("{'timeout_seconds': 2592000}", 86_400));
    sut.awaitWaitingAt("n1");
    sut.click("Track Order");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.INVALID_VALUE)).isEmpty();
    assertThat(sut.history().toJson(false)).doesNotContain(OutOfRange.CHANGE);
  }

  private static Duration replyTimer(WorkflowExecutionHistory history) {
    List<HistoryEvent> timers =
        history.getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .toList();
    assertThat(timers).isNotEmpty();
    return Duration.ofSeconds(
        timers.get(0).getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds());
  }

  private static long failedWorkflowTasks(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
        .count();
  }

  private static void assertReplays(Conversation sut) {
    try {
      WorkflowReplayer.replayWorkflowExecution(sut.history(), ConversationWorkflowImpl.class);
    } catch (Exception e) {
      throw new AssertionError("the conversation does not replay", e);
    }
  }
}
