package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.Choice;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.chatflows.workflows.graph.QuestionNode;
import io.chatflows.workflows.graph.Reprompt;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * A node's wait for the contact (a template's or a session message's): replies, clicks and delivery
 * failures are taken in the order they arrived until one takes an edge, or the reply timeout fires.
 * A reply that takes no edge (a question: an invalid answer) is recorded and answered with the
 * node's re-prompt, up to its count; the next one takes the node's {@code no_match} ({@code
 * invalid}) edge, and without that edge the wait goes on silently, on the same timer.
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
    if (!visit.resumingWait() || state.waitSendSeq == 0) {
      state.waitSendSeq = state.sendSeq;
    }
    if (!visit.resumingWait()) {
      state.reprompts = 0;
    }
    ReplyMatcher.Waiting waiting =
        new ReplyMatcher.Waiting(
            state.input.conversationId(),
            state.waitSendSeq,
            state.waitingMessageId,
            template,
            choices);
    GraphNode node = state.flow.node(nodeId).orElse(null);
    QuestionNode question = node instanceof QuestionNode q ? q : null;
    Reprompt reprompt = Reprompt.of(node);
    ReplyTimer timer = new ReplyTimer(Versions.oneTaskStep(), interpreter.scopes());
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
      String reply = event.text() != null ? event.text() : event.payload();
      ReplyMatcher.Match match;
      if (question != null) {
        Answers.Answer answer = Answers.of(question, event, waiting);
        if (answer.value() != null) {
          state.waitDeadline = 0;
          timer.cancel();
          state.lastReply = reply;
          steps.reply(nodeId, Trigger.DEFAULT, reply);
          Answers.save(question, answer.value(), state);
          return visit.next().afterWaiting();
        }
        match = answer.stale() ? ReplyMatcher.Match.STALE : ReplyMatcher.Match.UNMATCHED;
      } else {
        match = ReplyMatcher.match(event, waiting, visit.edges());
      }
      if (match.stale()) {
        steps.staleClick(nodeId, reply);
      } else if (match.edge() == null) {
        steps.unmatchedReply(nodeId, reply);
        GraphEdge fallback = reprompt(nodeId, node, question != null, reprompt, visit);
        if (fallback != null) {
          state.waitDeadline = 0;
          timer.cancel();
          state.lastReply = reply;
          steps.reply(nodeId, fallback.trigger(), reply);
          return Next.to(fallback).afterWaiting();
        }
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

  /**
   * Answers a reply the node did not understand: with its re-prompt while it has some left, else
   * along its fallback edge (returned; {@code null}: none, the wait goes on silently). Waiting
   * nodes other than questions do so only in conversations of this version.
   */
  private GraphEdge reprompt(
      String nodeId, GraphNode node, boolean question, Reprompt reprompt, Visit visit) {
    if (reprompt == null || !(question || Versions.repromptUnmatched())) {
      return null;
    }
    ConversationState state = interpreter.state();
    if (state.reprompts >= reprompt.max()) {
      return visit.first(reprompt.fallback(node));
    }
    state.reprompts++;
    if (state.windowOpen()) {
      sendText(nodeId, state.render(reprompt.text()), visit);
    }
    return null;
  }

  /** Sends a re-prompt; a failed send is recorded and the wait goes on. */
  private void sendText(String nodeId, String text, Visit visit) {
    ConversationState state = interpreter.state();
    try {
      SentMessage sent =
          interpreter
              .activities()
              .sendSession(
                  new SendSessionCommand(
                      state.input.conversationId(),
                      state.input.workspaceId(),
                      state.input.channelId(),
                      nodeId,
                      state.nextSendSeq(),
                      state.input.contact(),
                      QuestionNode.text(text),
                      state.lastInboundAt));
      state.steps.sent(nodeId, sent);
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.steps.sendFailed(nodeId, Failures.describe(failure));
    }
  }

  /** An event meant for another conversation of the contact (asked only when there is one). */
  private static boolean meantForAnother(InboundEvent event, ConversationState state) {
    return event.meantForAnother(state.input.conversationId()) && Versions.addressedEvents();
  }
}
