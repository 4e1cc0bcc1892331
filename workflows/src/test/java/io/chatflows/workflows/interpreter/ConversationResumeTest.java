package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.ResumeState;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A conversation started with a {@link ResumeState} (what the embedded default's restart recovery
 * builds from the projection): it waits again without sending, or enters its node and sends; it
 * keeps its variables, tags, send sequence and the remaining time of its wait; a click on a button
 * of the message sent before still matches.
 */
@Timeout(30)
class ConversationResumeTest extends ConversationTestSupport {

  /** n1 (welcome) --Track Order--> n2 (order) --Yes--> n3; n2 times out after 600 s to n4. */
  private static FlowDefinition flowWithTimeout() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", ORDER, "{'timeout_seconds': 600}")
        .template("n3", INFO)
        .template("n4", BYE)
        .condition("c1", "{'subject': 'tags'}")
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n2", "c1", "Yes")
        .edge("e3", "n2", "n4", "timeout", null)
        .when("e4", "c1", "n3", "equals", "vip")
        .compile();
  }

  private ConversationInput resumed(String nodeId, int sendSeq, long waitDeadline, int nextSeq) {
    ConversationInput fresh =
        input(flowWithTimeout(), Map.of("order_id", "A-42"), Map.of(), List.of("vip"), null, null);
    return new ConversationInput(
        fresh.conversationId(),
        fresh.workspaceId(),
        fresh.channelId(),
        fresh.contact(),
        fresh.flow(),
        fresh.variables(),
        fresh.attributes(),
        fresh.tags(),
        null,
        null,
        new ResumeState(
            nodeId,
            waitDeadline > 0 ? "wamid.before" : null,
            sendSeq,
            waitDeadline,
            nextSeq,
            "Track Order",
            List.of(),
            List.of(),
            ResumeState.RESTART),
        0);
  }

  /** Waits until the conversation waits at {@code nodeId} (its steps start after earlier runs'). */
  private static ConversationView waitingAt(Conversation sut, String nodeId) {
    sut.awaitSettled();
    ConversationView view = sut.view();
    assertThat(view.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(view.currentNodeId()).isEqualTo(nodeId);
    return view;
  }

  @Test
  void givenAResumeWaitingAtANode_whenItStarts_itSendsNothingAndAClickOnTheEarlierButtonMatches() {
    long deadline = testEnv.currentTimeMillis() + 300_000;
    Conversation sut = start(resumed("n2", 3, deadline, 7));

    ConversationView waiting = waitingAt(sut, "n2");
    assertThat(activities.templates).isEmpty();
    assertThat(waiting.variables()).containsEntry("order_id", "A-42");
    Step first = activities.steps().get(0);
    assertThat(first.seq()).isEqualTo(7);
    assertThat(first.kind()).isEqualTo(StepKind.RESUMED);
    assertThat(first.detail()).isEqualTo(ResumeState.RESTART);
    ProgressUpdate published = activities.lastProgress();
    assertThat(published.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(published.waitDeadline()).isEqualTo(deadline);
    assertThat(published.resumePoint())
        .isEqualTo(new ResumePoint(3, "wamid.before", "Track Order"));

    sut.click("Yes", sut.payload(3, 0), "wamid.before");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    SendTemplateCommand info = activities.templates.get(0);
    assertThat(activities.sentTemplateNames()).containsExactly("info");
    assertThat(info.sendSeq()).as("send numbers continue after the earlier ones").isEqualTo(4);
    assertThat(kinds(activities.steps()))
        .containsSubsequence(StepKind.RESUMED, StepKind.REPLY, StepKind.EDGE_TAKEN);
  }

  @Test
  void givenAResumeEnteringANode_whenItStarts_itSendsTheNodesMessageWithTheNextSendNumber() {
    Conversation sut = start(resumed("n2", 3, 0, 4));

    waitingAt(sut, "n2");

    assertThat(activities.sentTemplateNames()).containsExactly("order_status");
    SendTemplateCommand order = activities.templates.get(0);
    assertThat(order.sendSeq()).isEqualTo(4);
    assertThat(order.buttonPayloads().get(0)).isEqualTo(sut.payload(4, 0));
    assertThat(kinds(activities.steps()))
        .startsWith(StepKind.RESUMED, StepKind.NODE_ENTERED, StepKind.MESSAGE_SENT);
    assertThat(activities.lastProgress().resumePoint().waitingMessageId())
        .isEqualTo(activities.steps(StepKind.MESSAGE_SENT).get(0).detail());
  }

  @Test
  void givenAResumeWhoseWaitEndedMeanwhile_whenItStarts_itTakesTheTimeoutOutputAtOnce() {
    Conversation sut = start(resumed("n2", 3, testEnv.currentTimeMillis() - 1_000, 5));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("bye");
    assertThat(activities.templates.get(0).sendSeq()).isEqualTo(4);
  }

  @Test
  void givenAResumeWithTimeLeft_whenTimePasses_itTimesOutAtTheStoredDeadlineNotAFreshTimeout() {
    Conversation sut = start(resumed("n2", 3, testEnv.currentTimeMillis() + 60_000, 5));
    waitingAt(sut, "n2");

    testEnv.sleep(Duration.ofSeconds(50));
    assertThat(activities.templates).as("10 s of the 60 left").isEmpty();
    testEnv.sleep(Duration.ofSeconds(20));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("bye");
  }

  @Test
  void givenAResumeWaitingAtANode_whenTheContactClicksAButtonOfAnOlderSend_theClickIsStale() {
    Conversation sut = start(resumed("n2", 3, testEnv.currentTimeMillis() + 300_000, 5));
    waitingAt(sut, "n2");

    sut.click("Yes", sut.payload(2, 0), "wamid.older");
    waitingAt(sut, "n2");

    assertThat(activities.templates).isEmpty();
    assertThat(kinds(activities.steps())).endsWith(StepKind.STALE_CLICK);
  }
}
