package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationSignals;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workflow's own de-duplication, in flows where a second application would show: every node
 * after the reply waits again on an edge the duplicate would take, so a duplicate that got through
 * would be a second reply, a second edge and a further send.
 */
@Timeout(30)
class ConversationDedupeTest extends ConversationTestSupport {

  /** welcome --any text--> info --any text--> bye: each text moves one node further. */
  private static FlowDefinition textChain() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", INFO)
        .template("n3", BYE)
        .edge("e1", "n1", "n2", "text_reply", null)
        .edge("e2", "n2", "n3", "text_reply", null)
        .compile();
  }

  @Test
  void givenTheSameTextTwice_whenSignalled_itMovesOneNode() {
    Conversation sut = start(textChain());
    sut.awaitWaitingAt("n1");

    sut.signal(InboundEvent.text("wamid.in-1", "hello"));
    sut.signal(InboundEvent.text("wamid.in-1", "hello"));

    sut.awaitWaitingAt("n2");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    assertThat(activities.steps(StepKind.REPLY)).hasSize(1);
  }

  @Test
  void givenAReplySeenBeforeAContinueAsNew_whenDeliveredAgainAfterIt_itIsIgnored() {
    Conversation sut =
        start(input(textChain(), Map.of(), Map.of(), List.of(), new RunLimits(100, 8), null));
    String firstRun = sut.stub.getExecution().getRunId();
    sut.awaitWaitingAt("n1");
    sut.signal(InboundEvent.text("wamid.in-1", "hello"));
    sut.awaitWaitingAt("n2");
    assertThat(sut.latestRunId()).as("continued as new on the way to n2").isNotEqualTo(firstRun);

    sut.signal(InboundEvent.text("wamid.in-1", "hello"));
    sut.awaitWaitingAt("n2");
    sut.signal(InboundEvent.text("wamid.in-2", "next"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::detail)
        .containsExactly("hello", "next");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info", "bye");
  }

  @Test
  void givenAStartClick_whenTheBridgeSignalsItAgain_itIsIgnored() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", ORDER)
            .template("n3", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes")
            .compile();
    InboundEvent click =
        InboundEvent.button("wamid.in-start", "Track Order", null, "wamid.broadcast-9");
    Conversation sut = start(input(flow, Map.of(), Map.of(), List.of(), null, click));
    sut.awaitWaitingAt("n2");

    sut.signal(click);
    sut.awaitWaitingAt("n2");

    // A duplicate that reached the matcher would leave a stale-click step.
    assertThat(kinds(activities.steps()))
        .doesNotContain(StepKind.STALE_CLICK, StepKind.UNMATCHED_REPLY)
        .containsOnlyOnce(StepKind.REPLY);
  }

  @Test
  void givenAReplyAndAFailedStatusWithTheSameId_whenSignalled_bothAreHandled() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "delivery_failed", null)
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");

    sut.signal(InboundEvent.text("wamid.1", "what?"));
    sut.signal(InboundEvent.deliveryFailed("wamid.1", "131026", null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY))
        .extracting(Step::detail)
        .containsExactly("what?");
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("delivery_failed");
  }

  @Test
  void givenAFailedStatusTwice_whenSignalled_itIsHandledOnce() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n1", "delivery_failed", null)
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");

    // The delivery_failed edge resends n1 and waits again: a second application would resend it.
    sut.signal(InboundEvent.deliveryFailed("wamid.1", "131026", null));
    sut.signal(InboundEvent.deliveryFailed("wamid.1", "131026", null));
    sut.awaitWaitingAt("n1");

    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "welcome");
    assertThat(activities.steps(StepKind.SEND_FAILED)).hasSize(1);
  }

  @Test
  void givenAnEventWithoutMessageId_whenSignalled_itIsIgnored() {
    Conversation sut = start(textChain());
    sut.awaitWaitingAt("n1");

    sut.signal(InboundEvent.text(null, "no id"));
    sut.signal(InboundEvent.text("wamid.in-1", "hello"));

    sut.awaitWaitingAt("n2");
    assertThat(activities.steps(StepKind.REPLY)).extracting(Step::detail).containsExactly("hello");
  }

  @Test
  void givenMessagesItTook_whenAskedAfterItEnded_itAnswersSeenForThemOnly() {
    InboundEvent click =
        InboundEvent.button("wamid.in-start", "Track Order", null, "wamid.broadcast-9");
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n2", "n3", "text_reply", null)
            .compile();
    // As the bridge starts it: the click is also the message that started the conversation.
    Conversation sut = start(startedBy(input(flow, Map.of(), Map.of(), List.of(), null, click)));
    sut.awaitWaitingAt("n2");
    sut.signal(InboundEvent.text("wamid.in-2", "next"));
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);

    // Closed: the query is answered by replaying the run.
    assertThat(ConversationSignals.seen(client, sut.workflowId(), "wamid.in-start")).isTrue();
    assertThat(ConversationSignals.seen(client, sut.workflowId(), "wamid.in-2")).isTrue();
    assertThat(ConversationSignals.seen(client, sut.workflowId(), "wamid.other")).isFalse();
    // Our own message, which a status names, is not the contact's.
    assertThat(ConversationSignals.seen(client, sut.workflowId(), "wamid.broadcast-9")).isFalse();
  }

  @Test
  void givenAConversationAKeywordStarted_whenAsked_itHasSeenThatMessage() {
    ConversationInput keyword = input(textChain(), Map.of(), Map.of(), List.of(), null, null);
    Conversation sut = start(startedBy(keyword, "wamid.keyword"));
    sut.awaitWaitingAt("n1");

    assertThat(ConversationSignals.seen(client, sut.workflowId(), "wamid.keyword")).isTrue();
    // The message that started it is no reply: a later copy of it moves nothing.
    sut.signal(InboundEvent.text("wamid.keyword", "START"));
    sut.signal(InboundEvent.text("wamid.in-1", "hello"));
    sut.awaitWaitingAt("n2");
    assertThat(activities.steps(StepKind.REPLY)).extracting(Step::detail).containsExactly("hello");
  }

  /** The input as the bridge starts a conversation for a click: started by the click's message. */
  private static ConversationInput startedBy(ConversationInput input) {
    return startedBy(input, input.trigger().messageId());
  }

  private static ConversationInput startedBy(ConversationInput input, String messageId) {
    return startingWith(input, input.lastInboundAt(), messageId);
  }
}
