package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.ButtonsNode;
import io.chatflows.workflows.graph.Choice;
import io.chatflows.workflows.graph.ListNode;
import io.chatflows.workflows.graph.QuestionNode;
import io.chatflows.workflows.graph.SessionMessage;
import io.chatflows.workflows.graph.SessionNode;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Sends a session message (buttons, list, media, link button, location request, question) when the
 * contact's 24-hour window is open, else sends nothing and takes the node's {@code window_closed}
 * edge (none: the conversation ends as {@code window_closed}). Then goes on along its default edge,
 * or waits for the contact when an edge waits for a reply (a question always waits).
 */
final class SessionHandler {

  private SessionHandler() {}

  static Next run(SessionNode node, Visit visit) {
    ConversationState state = visit.state();
    if (!visit.resumingWait() && !visit.alreadySent()) {
      if (!state.windowOpen()) {
        return windowClosed(node.nodeId(), visit);
      }
      Next failed = send(node, visit);
      if (failed != null) {
        return failed;
      }
    }
    boolean waits =
        node instanceof QuestionNode
            || visit.edges().stream()
                .anyMatch(e -> e.trigger() != null && e.trigger().waitsForContact());
    if (!waits) {
      return visit.next();
    }
    if (!visit.resumingWait()) {
      long timeoutSeconds =
          TemplateHandler.replyTimeoutSeconds(node.nodeId(), node.timeoutSeconds(), state);
      state.waitDeadline = Workflow.currentTimeMillis() + 1_000L * timeoutSeconds;
    }
    return visit.interpreter().replyWait().await(node.nodeId(), null, choices(node), visit);
  }

  /** Nothing is sent: along the node's window_closed edge, else the conversation ends. */
  static Next windowClosed(String nodeId, Visit visit) {
    visit.steps().windowClosed(nodeId, visit.state().lastInboundAt);
    return visit.follow(Trigger.WINDOW_CLOSED, ConversationStatus.WINDOW_CLOSED, "window_closed");
  }

  /** Sends the message; returns where to go when the send failed for good, else null. */
  private static Next send(SessionNode node, Visit visit) {
    ConversationState state = visit.state();
    ConversationInput input = state.input;
    SessionMessage message = node.message(state::render);
    try {
      SentMessage sent =
          visit
              .interpreter()
              .activities()
              .sendSession(
                  new SendSessionCommand(
                      input.conversationId(),
                      input.workspaceId(),
                      input.channelId(),
                      node.nodeId(),
                      state.nextSendSeq(),
                      input.contact(),
                      message,
                      state.lastInboundAt));
      state.waitingMessageId = sent.messageId();
      state.steps.sent(node.nodeId(), sent);
      return null;
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.waitingMessageId = null;
      state.steps.sendFailed(node.nodeId(), Failures.describe(failure));
      return visit.follow(Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed");
    }
  }

  private static List<Choice> choices(SessionNode node) {
    if (node instanceof ButtonsNode buttons) {
      return buttons.buttons();
    }
    if (node instanceof ListNode list) {
      return list.rows();
    }
    return List.of();
  }
}
