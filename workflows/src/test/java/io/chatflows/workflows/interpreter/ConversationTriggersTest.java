package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.testing.Flows;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every edge trigger of spec §4: which edge a conversation follows, and when. */
@Timeout(30)
class ConversationTriggersTest extends ConversationTestSupport {

  private static final long THREE_HOURS = Duration.ofHours(3).toSeconds();

  /** welcome --Track Order--> info, --Talk to an agent--> assign with handoff. */
  private static FlowDefinition buttonsFlow() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", INFO)
        .action("a1", "{'action': 'assign', 'team': 'support', 'handoff': true}")
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n1", "a1", "Talk to an agent")
        .compile();
  }

  @Test
  void givenAButtonClick_whenItsTextDiffersInCaseAndSpaces_itFollowsThatButtonsEdge() {
    Conversation sut = start(buttonsFlow());

    sut.click("  tALK TO AN AGENT ");

    assertThat(sut.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::edgeId, Step::trigger)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e2", "button_click"));
  }

  @Test
  void givenAButtonClick_whenOnlyOurPayloadIdentifiesIt_itFollowsThatButtonsEdge() {
    Conversation sut = start(buttonsFlow());

    sut.click(null, sut.payload(1, 1), null);

    assertThat(sut.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::edgeId)
        .containsExactly("e2");
  }

  @Test
  void givenAButtonClick_whenOurPayloadAndTheTextDisagree_itTrustsThePayload() {
    Conversation sut = start(buttonsFlow());

    sut.click("Track Order", sut.payload(1, 1), "wamid.1");

    assertThat(sut.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome");
  }

  @Test
  void givenATextReplyEdgeWithoutValue_whenTheContactWritesAnything_itIsTaken() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO, "{'parameters': {'body': ['{{reply.text}}']}}")
            .edge("e1", "n1", "n2", "text_reply", "")
            .compile();
    Conversation sut = start(flow);

    sut.text("My parcel never arrived");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.templates.get(1).bodyParameters())
        .containsExactly("My parcel never arrived");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::trigger)
        .containsExactly("text_reply");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"' STOP ', bye", "Stop, bye", "stop please, info", "go on, info"})
  void givenTextReplyEdgesWithAndWithoutValue_whenTheContactWrites_itMatchesTheValueIgnoringCase(
      String reply, String expectedTemplate) {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", BYE)
            .template("n3", INFO)
            .edge("e1", "n1", "n2", "text_reply", "stop")
            .edge("e2", "n1", "n3", "text_reply", null)
            .compile();
    Conversation sut = start(flow);

    sut.text(reply);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", expectedTemplate);
  }

  @Test
  void givenTemplatesWithoutButtons_whenSent_itFollowsTheirDefaultEdgesWithoutWaiting() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .then("e1", "n1", "n2")
            .then("e2", "n2", "n3")
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info", "bye");
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("default", "default");
    assertThat(activities.statuses()).containsExactly(ConversationStatus.COMPLETED);
  }

  @Test
  void givenADefaultEdgeOnAWaitingTemplate_whenAReplyMatchesNoOtherEdge_itIsTheFallback() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .then("e0", "n1", "n3")
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation sut = start(flow);

    sut.click("Talk to an agent");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::trigger, Step::detail)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("default", "Talk to an agent"));
  }

  @Test
  void givenANodeTimeoutOfHours_whenNobodyReplies_itFollowsTheTimeoutEdgeAfterThatTime() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': " + THREE_HOURS + "}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "timeout", null)
            .replyTimeoutSeconds(Duration.ofDays(2).toSeconds())
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    Step sent = activities.steps(StepKind.MESSAGE_SENT).get(0);
    Step timedOut = activities.steps(StepKind.EDGE_TAKEN).get(0);
    assertThat(timedOut.edgeId()).isEqualTo("e2");
    assertThat(timedOut.trigger()).isEqualTo("timeout");
    assertThat(Duration.ofMillis(timedOut.at() - sent.at()))
        .isBetween(Duration.ofHours(3), Duration.ofHours(3).plusMinutes(1));
  }

  @Test
  void givenANodeTimeout_whenTheContactRepliesBeforeIt_itFollowsTheReply() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': " + THREE_HOURS + "}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "timeout", null)
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");

    testEnv.sleep(Duration.ofHours(2).plusMinutes(59));
    sut.click("Track Order");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    Step sent = activities.steps(StepKind.MESSAGE_SENT).get(0);
    Step reply = activities.steps(StepKind.REPLY).get(0);
    assertThat(Duration.ofMillis(reply.at() - sent.at()))
        .isBetween(Duration.ofHours(2).plusMinutes(59), Duration.ofHours(3));
  }

  @Test
  void givenAFlowTimeoutOfDaysAndNoTimeoutEdge_whenNobodyReplies_itEndsTimedOut() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .replyTimeoutSeconds(Duration.ofDays(2).toSeconds())
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.TIMED_OUT);
    Step sent = activities.steps(StepKind.MESSAGE_SENT).get(0);
    Step ended = activities.steps(StepKind.ENDED).get(0);
    assertThat(ended.detail()).isEqualTo("timed_out");
    assertThat(Duration.ofMillis(ended.at() - sent.at()))
        .isBetween(Duration.ofDays(2), Duration.ofDays(2).plusMinutes(1));
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.TIMED_OUT);
  }

  @Test
  void givenNoTimeoutSetting_whenNobodyReplies_itTimesOutAfter24Hours() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    assertThat(flow.replyTimeoutSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.TIMED_OUT);
    Step sent = activities.steps(StepKind.MESSAGE_SENT).get(0);
    Step ended = activities.steps(StepKind.ENDED).get(0);
    assertThat(Duration.ofMillis(ended.at() - sent.at()))
        .isBetween(Duration.ofHours(24), Duration.ofHours(24).plusMinutes(1));
  }

  /** welcome --Track Order--> order_status --Yes--> info; order_status --delivery_failed--> bye. */
  private static Flows.Builder deliveryFlow(boolean withFailureEdge) {
    Flows.Builder flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", ORDER)
            .template("n3", INFO)
            .template("n4", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes");
    return withFailureEdge ? flow.edge("e3", "n2", "n4", "delivery_failed", null) : flow;
  }

  @Test
  void givenAPermanentSendFailure_whenTheNodeHasADeliveryFailedEdge_itFollowsIt() {
    activities.refuseTemplate(ORDER.name());
    Conversation sut = start(deliveryFlow(true).compile());

    sut.click("Track Order");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.sendAttempts).hasValue(3);
    assertThat(activities.steps(StepKind.SEND_FAILED))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).startsWith(SendErrors.PERMANENT));
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("button_click", "delivery_failed");
  }

  @Test
  void givenAPermanentSendFailure_whenTheNodeHasNoDeliveryFailedEdge_itEndsFailed() {
    activities.refuseTemplate(ORDER.name());
    Conversation sut = start(deliveryFlow(false).compile());

    sut.click("Track Order");

    assertThat(sut.result()).isEqualTo(ConversationStatus.FAILED);
    assertThat(activities.sendAttempts).as("not retried").hasValue(2);
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::detail)
        .containsExactly("delivery_failed");
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.FAILED);
  }

  @Test
  void givenTransientSendFailures_whenTheSendIsRetried_itCarriesOn() {
    activities.failTransiently(2);
    Conversation sut = start(deliveryFlow(true).compile());

    sut.click("Track Order");
    sut.click("Yes");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.sendAttempts).hasValue(5);
    assertThat(activities.steps(StepKind.SEND_FAILED)).isEmpty();
  }

  @Test
  void givenAFailedStatusForTheAwaitedMessage_whenTheNodeHasADeliveryFailedEdge_itFollowsIt() {
    Conversation sut = start(deliveryFlow(true).compile());
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");

    sut.signal(InboundEvent.deliveryFailed("wamid.2", "131049", null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "bye");
    assertThat(activities.steps(StepKind.SEND_FAILED))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", "131049"));
  }

  @Test
  void givenAFailedStatusForTheAwaitedMessage_whenTheNodeHasNoDeliveryFailedEdge_itEndsFailed() {
    Conversation sut = start(deliveryFlow(false).compile());
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");

    sut.signal(InboundEvent.deliveryFailed("wamid.2", "131049", null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.FAILED);
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::detail)
        .containsExactly("delivery_failed");
  }

  @Test
  void givenAFailedStatusForAnOlderMessage_whenWaiting_itDoesNotMove() {
    Conversation sut = start(deliveryFlow(true).compile());
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");

    sut.signal(InboundEvent.deliveryFailed("wamid.1", "131049", null));
    sut.awaitWaitingAt("n2");
    sut.click("Yes");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.steps(StepKind.SEND_FAILED))
        .extracting(Step::trigger)
        .containsExactly("stale");
  }

  @Test
  void givenAPermanentFailureOfTheStartTemplate_whenStarted_itEndsFailed() {
    activities.refuseTemplate(WELCOME.name());

    Conversation sut = start(deliveryFlow(true).compile());

    assertThat(sut.result()).isEqualTo(ConversationStatus.FAILED);
    assertThat(activities.templates).isEmpty();
    assertThat(kinds(activities.steps()))
        .containsExactly(StepKind.NODE_ENTERED, StepKind.SEND_FAILED, StepKind.ENDED);
    assertThat(List.copyOf(activities.statuses())).containsExactly(ConversationStatus.FAILED);
  }
}
