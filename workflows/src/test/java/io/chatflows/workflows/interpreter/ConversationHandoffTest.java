package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatflows.workflows.conversation.AgentErrors;
import io.chatflows.workflows.conversation.AgentMessage;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.HandoffEvent;
import io.chatflows.workflows.conversation.HandoffForward;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handoff to an agent on the Temporal test server: forwarding, agent sends, resume, end, timeout.
 */
@Timeout(60)
class ConversationHandoffTest extends ConversationTestSupport {

  /** welcome --any text--> h1 (handoff) --resumed--> info, --timeout--> bye; order stands alone. */
  private static FlowDefinition handoffFlow() {
    return flow()
        .template("n1", WELCOME)
        .edge("e1", "n1", "h1", "text_reply", null)
        .action(
            "h1",
            "{'action': 'handoff', 'webhook_url': 'https://inbox.example/hooks', 'team':"
                + " 'support', 'note': 'Help {{contact.name}}', 'timeout_seconds': 3600}")
        .template("n2", INFO)
        .template("n3", BYE)
        .template("n4", ORDER)
        .then("e2", "h1", "n2")
        .edge("e3", "h1", "n3", "timeout", null)
        .compile();
  }

  private Conversation withAgent() {
    Conversation sut = start(handoffFlow());
    sut.awaitWaitingAt("n1");
    sut.text("I want a person");
    awaitWithAgent(sut);
    return sut;
  }

  private static void awaitWithAgent(Conversation sut) {
    sut.awaitSettled();
    assertThat(sut.view().status()).isEqualTo(ConversationStatus.WITH_AGENT);
    assertThat(sut.view().currentNodeId()).isEqualTo("h1");
  }

  @Test
  void givenAHandoff_whenTheContactWrites_itsMessagesAreForwardedAndNotMatched() {
    Conversation sut = withAgent();

    String wamid = sut.text("my order is late");
    sut.signal(InboundEvent.media(sut.nextInboundId(), "image", "the parcel"));
    awaitWithAgent(sut);

    assertThat(activities.forwards).hasSize(3);
    HandoffForward started = activities.forwards.get(0);
    assertThat(started.url()).isEqualTo("https://inbox.example/hooks");
    assertThat(started.event().event()).isEqualTo(HandoffEvent.STARTED);
    assertThat(started.event().message()).isNull();
    assertThat(started.event().conversation().note()).isEqualTo("Help Ada");
    assertThat(started.event().conversation().team()).isEqualTo("support");
    assertThat(started.event().conversation().contact().phone()).isEqualTo(ADA.waId());
    HandoffEvent text = activities.forwards.get(1).event();
    assertThat(text.event()).isEqualTo(HandoffEvent.MESSAGE_CREATED);
    assertThat(text.id()).isEqualTo(sut.id + ":" + wamid);
    assertThat(text.message().id()).isEqualTo(wamid);
    assertThat(text.message().content()).isEqualTo("my order is late");
    assertThat(text.message().contentType()).isEqualTo("text");
    HandoffEvent media = activities.forwards.get(2).event();
    assertThat(media.message().attachments())
        .containsExactly(java.util.Map.of("file_type", "image"));
    assertThat(activities.steps(StepKind.TO_AGENT))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("h1", "my order is late"), tuple("h1", "the parcel"));
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY)).isEmpty();
    assertThat(activities.sentTemplateNames()).containsExactly("welcome");
  }

  @Test
  void givenAHandoff_whenTheAgentRepliesAndResumes_itSendsTheReplyAndTakesTheResumedOutput() {
    Conversation sut = withAgent();

    sut.workflow.agentSend(new AgentMessage("text", "Hi Ada, I am Grace", null, null, null));
    sut.workflow.agentSend(
        new AgentMessage("image", null, "https://cdn.example/label.png", "your label", null));
    sut.workflow.agentResume(null);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts).extracting(c -> c.text()).containsExactly("Hi Ada, I am Grace");
    assertThat(activities.texts.get(0).nodeId()).isEqualTo("h1");
    assertThat(activities.sessions.get(0).message().type()).isEqualTo("image");
    assertThat(activities.sessions.get(0).message().content())
        .containsEntry("link", "https://cdn.example/label.png")
        .containsEntry("caption", "your label");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    assertThat(activities.steps(StepKind.HANDOFF_ENDED))
        .extracting(Step::nodeId, Step::trigger)
        .containsExactly(tuple("h1", "resumed"));
    assertThat(activities.steps(StepKind.FROM_AGENT))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("h1", "Hi Ada, I am Grace"), tuple("h1", "your label"));
  }

  @Test
  void givenAHandoff_whenTheAgentResumesAtANode_itContinuesThere() {
    Conversation sut = withAgent();

    sut.workflow.agentResume("n4");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status");
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::nodeId, Step::edgeId)
        .contains(tuple("h1", HandoffHandler.AGENT_RESUME_EDGE));
  }

  @Test
  void givenAHandoff_whenTheAgentEndsIt_itCompletesWithoutGoingOn() {
    Conversation sut = withAgent();

    sut.workflow.agentEnd();

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome");
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("h1", "agent_ended"));
  }

  @Test
  void givenAHandoff_whenNoAgentActsInTime_itTakesTheTimeoutOutput() {
    Conversation sut = withAgent();

    testEnv.sleep(Duration.ofMinutes(61));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.HANDOFF_ENDED))
        .extracting(Step::trigger, Step::detail)
        .containsExactly(tuple("timeout", "3600"));
  }

  @Test
  void givenAConversationNotWithAnAgentOrAnUnknownNode_whenTheAgentActs_itIsRefused() {
    Conversation sut = start(handoffFlow());
    sut.awaitWaitingAt("n1");

    assertThatThrownBy(() -> sut.workflow.agentEnd()).isInstanceOf(WorkflowUpdateException.class);
    sut.text("I want a person");
    awaitWithAgent(sut);
    assertThat(sut.workflow.agentResume("nope").refused()).isEqualTo(AgentErrors.UNKNOWN_NODE);
    assertThat(sut.view().status()).isEqualTo(ConversationStatus.WITH_AGENT);
  }

  @Test
  void givenTheWindowClosedDuringTheHandoff_whenTheAgentSends_itIsRefusedAndNothingIsSent() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .edge("e1", "n1", "h1", "text_reply", null)
            .action(
                "h1",
                "{'action': 'handoff', 'webhook_url': 'https://inbox.example/hooks',"
                    + " 'timeout_seconds': 172800}")
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");
    sut.text("hello");
    awaitWithAgent(sut);

    testEnv.sleep(Duration.ofHours(25));

    assertThat(sut.workflow.agentSend(new AgentMessage("text", "hi", null, null, null)).refused())
        .isEqualTo(AgentErrors.WINDOW_CLOSED);
    assertThat(activities.texts).isEmpty();
  }
}
