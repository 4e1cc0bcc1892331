package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.AgentErrors;
import io.chatflows.workflows.conversation.AgentMessage;
import io.chatflows.workflows.conversation.AgentOutcome;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.SessionMessage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of a conversation with an agent (the workflow's updates): sends to the contact
 * inside the 24-hour window, and the decision to resume or end that {@link HandoffHandler} waits
 * for. The validators reject a conversation that is not with an agent before anything is written to
 * the history; Temporal de-duplicates an update by its id, so a request repeated with the same id
 * is done once.
 */
final class AgentDesk {

  private final Interpreter interpreter;

  AgentDesk(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** The validator of every agent update. */
  void checkWithAgent() {
    ConversationState state = interpreter.state();
    if (state.status != ConversationStatus.WITH_AGENT || state.agentDecision != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the conversation is not with an agent", AgentErrors.NOT_WITH_AGENT);
    }
  }

  /** Sends the agent's message and records it; the handoff loop publishes the step. */
  AgentOutcome send(AgentMessage message) {
    ConversationState state = interpreter.state();
    if (!state.windowOpen()) {
      return AgentOutcome.refused(
          AgentErrors.WINDOW_CLOSED,
          "the contact has not written in the last 24 hours; WhatsApp refuses session messages");
    }
    ConversationInput input = state.input;
    String nodeId = state.currentNodeId;
    try {
      SentMessage sent =
          "text".equals(message.type())
              ? interpreter
                  .activities()
                  .sendText(
                      new SendTextCommand(
                          input.conversationId(),
                          input.workspaceId(),
                          input.channelId(),
                          nodeId,
                          state.nextSendSeq(),
                          input.contact(),
                          message.text()))
              : interpreter
                  .activities()
                  .sendSession(
                      new SendSessionCommand(
                          input.conversationId(),
                          input.workspaceId(),
                          input.channelId(),
                          nodeId,
                          state.nextSendSeq(),
                          input.contact(),
                          media(message),
                          state.lastInboundAt));
      state.steps.sent(nodeId, sent);
      state.steps.fromAgent(
          nodeId, "text".equals(message.type()) ? message.text() : media(message).text());
      return AgentOutcome.done(sent.messageId());
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      String why = Failures.describe(failure);
      state.steps.sendFailed(nodeId, why);
      return AgentOutcome.refused(AgentErrors.SEND_FAILED, why);
    } finally {
      state.agentSends++;
    }
  }

  AgentOutcome resume(String nodeId) {
    ConversationState state = interpreter.state();
    if (nodeId != null && state.flow.node(nodeId).isEmpty()) {
      return AgentOutcome.refused(
          AgentErrors.UNKNOWN_NODE,
          "node " + nodeId + " is not in the conversation's flow version");
    }
    state.agentDecision = new HandoffHandler.AgentDecision(false, nodeId);
    return AgentOutcome.done(null);
  }

  AgentOutcome end() {
    interpreter.state().agentDecision = new HandoffHandler.AgentDecision(true, null);
    return AgentOutcome.done(null);
  }

  /** A media message as the Cloud API takes it: {@code {"link": ..., "caption": ...}}. */
  private static SessionMessage media(AgentMessage message) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("link", message.link());
    if (message.caption() != null && !"audio".equals(message.type())) {
      content.put("caption", message.caption());
    }
    if (message.filename() != null && "document".equals(message.type())) {
      content.put("filename", message.filename());
    }
    String text = message.caption() != null ? message.caption() : message.link();
    return new SessionMessage(message.type(), content, text, List.of(), List.of());
  }
}
