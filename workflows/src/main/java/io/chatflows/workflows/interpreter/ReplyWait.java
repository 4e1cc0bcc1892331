package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.Choice;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * A node's wait for the contact (a template's or a session message's): replies, clicks and delivery
 * failures are taken in the order they arrived until one takes an edge, or the reply timeout fires.
 * Replies that take no edge are recorded and the wait goes on, on the same timer.
 */
final class ReplyWait {

  private final Interpreter interpreter;

  ReplyWait(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /**
   * Waits at {@code nodeId} for a reply to the message just sent: a template ({@code template}) or
   * a session message with these reply buttons or list rows ({@code choices}).
   */
  Next await(String nodeId, TemplateSpec template, List<Choice> choices, Visit visit) {
    ConversationState state = interpreter.state();
    Steps steps = state.steps;
    ReplyMatcher.Waiting waiting =
        new ReplyMatcher.Waiting(
            state.input.conversationId(), state.sendSeq, state.waitingMessageId, template, choices);
    ReplyTimer timer = new ReplyTimer(Versions.oneTaskStep());
    Moves moves = interpreter.moves();
    while (true) {
      if (moves.pending()) {
        moves.applyAt(nodeId);
      }
      state.status = ConversationStatus.WAITING;
      interpreter.projection().flush();
      long remaining = state.waitDeadline - Workflow.currentTimeMillis();
      if (remaining <= 0
          || !timer.await(remaining, () -> !state.pending.isEmpty() || moves.pending())) {
        state.waitDeadline = 0;
        return visit
            .follow(Trigger.TIMEOUT, ConversationStatus.TIMED_OUT, "timed_out")
            .afterWaiting();
      }
      if (moves.pending()) {
        continue;
      }
      InboundEvent event = state.pending.poll();
      state.status = ConversationStatus.RUNNING;
      if (event.kind() == InboundEvent.Kind.DELIVERY_FAILED) {
        if (meantForAnother(event, state)) {
          continue;
        }
        if (event.messageId().equals(state.waitingMessageId)) {
          state.waitDeadline = 0;
          timer.cancel();
          steps.sendFailed(nodeId, event.errorCode());
          return visit
              .follow(Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed")
              .afterWaiting();
        }
        steps.staleSendFailed(nodeId, event.errorCode());
        continue;
      }
      ReplyMatcher.Match match = ReplyMatcher.match(event, waiting, visit.edges());
      String reply = event.text() != null ? event.text() : event.payload();
      if (match.stale()) {
        steps.staleClick(nodeId, reply);
      } else if (match.edge() == null) {
        steps.unmatchedReply(nodeId, reply);
      } else {
        state.waitDeadline = 0;
        timer.cancel();
        state.lastReply = reply;
        steps.reply(nodeId, match.edge().trigger(), reply);
        return Next.to(match.edge()).afterWaiting();
      }
      if (interpreter.historyIsLarge() && !moves.pending()) {
        interpreter.continueAsNew(nodeId, true);
      }
    }
  }

  /** An event meant for another conversation of the contact (asked only when there is one). */
  private static boolean meantForAnother(InboundEvent event, ConversationState state) {
    return event.meantForAnother(state.input.conversationId()) && Versions.addressedEvents();
  }
}
