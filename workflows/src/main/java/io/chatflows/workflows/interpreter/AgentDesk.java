package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.AgentErrors;
import io.chatflows.workflows.conversation.AgentMessage;
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
 * for. The validators refuse before anything is written to the history; Temporal de-duplicates an
 * update by its id, so a request repeated with the same id is done once.
 */
final class AgentDesk {

  private final Interpreter interpreter;

  AgentDesk(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  void checkWithAgent() {
    ConversationState state = interpreter.state();
    if (state.status != ConversationStatus.WITH_AGENT || state.agentDecision != null) {
      throw refused(AgentErrors.NOT_WITH_AGENT, "the conversation is not with an agent");
    }
  }

  void checkSend(AgentMessage message) {
    checkWithAgent();
    if (!interpreter.state().windowOpen()) {
      throw refused(
          AgentErrors.WINDOW_CLOSED,
          "the contact has not written in the last 24 hours; WhatsApp refuses session messages");
    }
  }

  /** Sends the agent's message and records it; the handoff loop publishes the step. */
  SentMessage send(AgentMessage message) {
    ConversationState state = interpreter.state();
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
      return sent;
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.steps.sendFailed(nodeId, Failures.describe(failure));
      throw failure;
    } finally {
      state.agentSends++;
    }
  }

  void checkResume(String nodeId) {
    checkWithAgent();
    if (nodeId != null && interpreter.state().flow.node(nodeId).isEmpty()) {
      throw refused(
          AgentErrors.UNKNOWN_NODE,
          "node " + nodeId + " is not in the conversation's flow version");
    }
  }

  String resume(String nodeId) {
    interpreter.state().agentDecision = new HandoffHandler.AgentDecision(false, nodeId);
    return nodeId;
  }

  String end() {
    interpreter.state().agentDecision = new HandoffHandler.AgentDecision(true, null);
    return "ended";
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

  private static ApplicationFailure refused(String code, String why) {
    return ApplicationFailure.newNonRetryableFailure(AgentErrors.message(code, why), code);
  }
}
