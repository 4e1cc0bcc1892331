package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.HandoffEvent;
import io.chatflows.workflows.conversation.HandoffForward;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.HandoffAction;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A conversation with an agent at a handoff node ({@link HandoffAction}). It forwards {@code
 * handoff_started}, then every message of the contact (each recorded as a {@code to_agent} step,
 * never matched against edges) to the handoff webhook, until an agent resumes or ends it through
 * {@link AgentDesk}, or the timeout fires. The deadline is the wait deadline, so it survives
 * continue-as-new like a reply wait's.
 */
final class HandoffHandler {

  /** The edge id of a resume at a node an agent chose. */
  static final String AGENT_RESUME_EDGE = "agent_resume";

  private HandoffHandler() {}

  static Next run(HandoffAction node, Visit visit) {
    ConversationState state = visit.state();
    Interpreter interpreter = visit.interpreter();
    String nodeId = node.nodeId();
    if (!visit.resumingWait()) {
      state.waitDeadline = Workflow.currentTimeMillis() + 1_000L * node.timeoutSeconds();
      state.steps.action(nodeId, "handoff" + (node.team() != null ? " " + node.team() : ""));
      forward(node, visit, HandoffEvent.STARTED, nodeId + ":" + state.steps.next(), null);
    }
    state.agentDecision = null;
    int sendsSeen = state.agentSends;
    while (true) {
      state.status = ConversationStatus.WITH_AGENT;
      interpreter.projection().flush();
      long remaining = state.waitDeadline - Workflow.currentTimeMillis();
      int seen = sendsSeen;
      boolean woke =
          remaining > 0
              && interpreter
                  .scopes()
                  .call(
                      () ->
                          Workflow.await(
                              Duration.ofMillis(remaining),
                              () ->
                                  !state.pending.isEmpty()
                                      || state.agentDecision != null
                                      || state.agentSends != seen));
      if (!woke) {
        ended(node, state, "timeout");
        return visit
            .follow(Trigger.TIMEOUT, ConversationStatus.TIMED_OUT, "handoff_timed_out")
            .afterWaiting();
      }
      AgentDecision decision = state.agentDecision;
      if (decision != null) {
        state.status = ConversationStatus.RUNNING;
        if (decision.end()) {
          ended(node, state, "ended");
          return Next.end(ConversationStatus.COMPLETED, "agent_ended").afterWaiting();
        }
        ended(node, state, "resumed");
        if (decision.nodeId() == null) {
          return visit.next().afterWaiting();
        }
        return Next.to(
                new GraphEdge(
                    AGENT_RESUME_EDGE,
                    nodeId,
                    decision.nodeId(),
                    Trigger.DEFAULT,
                    Trigger.DEFAULT.wireName(),
                    null,
                    null,
                    "Resumed by an agent"))
            .afterWaiting();
      }
      sendsSeen = state.agentSends;
      InboundEvent event = state.pending.poll();
      if (event != null) {
        if (event.kind() == InboundEvent.Kind.DELIVERY_FAILED) {
          state.steps.staleSendFailed(nodeId, event.errorCode());
        } else {
          String content = event.text() != null ? event.text() : event.payload();
          state.steps.toAgent(nodeId, content);
          forward(node, visit, HandoffEvent.MESSAGE_CREATED, event.messageId(), message(event));
        }
      }
      if (interpreter.historyIsLarge()) {
        interpreter.continueAsNew(nodeId, true);
      }
    }
  }

  /** Records the end of the handoff with the seconds the conversation spent with an agent. */
  private static void ended(HandoffAction node, ConversationState state, String outcome) {
    long startedAt = state.waitDeadline - 1_000L * node.timeoutSeconds();
    long seconds = Math.max(0, (Workflow.currentTimeMillis() - startedAt) / 1_000L);
    state.waitDeadline = 0;
    state.agentDecision = null;
    state.steps.handoffEnded(node.nodeId(), outcome, seconds);
  }

  /**
   * Posts one event to the handoff webhook (an activity, retried; its id is the receiver's
   * de-duplication key). A forward that fails for good is recorded; the message stays in the
   * conversation's steps.
   */
  private static void forward(
      HandoffAction node,
      Visit visit,
      String event,
      String id,
      HandoffEvent.HandoffMessage message) {
    ConversationState state = visit.state();
    ConversationInput input = state.input;
    HandoffEvent body =
        new HandoffEvent(
            event,
            input.conversationId() + ":" + id,
            new HandoffEvent.HandoffConversation(
                input.conversationId(),
                input.workspaceId(),
                input.channelId(),
                state.flow.flowId(),
                state.flow.version(),
                node.nodeId(),
                node.team(),
                node.note() == null ? null : state.render(node.note()),
                new HandoffEvent.Contact(
                    input.contact().key(), input.contact().waId(), input.contact().name()),
                Map.copyOf(state.variables),
                List.copyOf(state.tags)),
            message);
    try {
      visit
          .interpreter()
          .activities()
          .forwardToAgent(new HandoffForward(input.workspaceId(), node.webhookUrl(), body));
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.steps.action(node.nodeId(), "handoff forward failed: " + Failures.describe(failure));
    }
  }

  private static HandoffEvent.HandoffMessage message(InboundEvent event) {
    String type = event.kind().name().toLowerCase(java.util.Locale.ROOT);
    String content = event.text();
    List<Map<String, String>> attachments = null;
    if (event.kind() == InboundEvent.Kind.MEDIA) {
      attachments = List.of(Map.of("file_type", event.payload() == null ? "" : event.payload()));
    }
    long at = event.at() != null ? event.at() : Workflow.currentTimeMillis();
    return new HandoffEvent.HandoffMessage(
        event.messageId(), "incoming", type, content, attachments, at / 1_000L);
  }

  /**
   * An agent's decision: end the conversation, or resume at {@code nodeId} ({@code null}: along
   * resumed).
   */
  record AgentDecision(boolean end, String nodeId) {}
}
