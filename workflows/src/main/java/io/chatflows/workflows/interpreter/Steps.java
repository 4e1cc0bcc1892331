package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers step-history entries and buffers them until the projection has them. One method per kind
 * of step, each stamped with workflow time.
 */
final class Steps {
  private final List<Step> buffer = new ArrayList<>();
  private int next;

  Steps(int next) {
    this.next = next;
  }

  void nodeEntered(String nodeId, String nodeType) {
    atNode(StepKind.NODE_ENTERED, nodeId, nodeType);
  }

  void edgeTaken(String nodeId, GraphEdge edge) {
    add(StepKind.EDGE_TAKEN, nodeId, edge.edgeId(), edge.trigger().wireName(), null);
  }

  /** The conversation ended at the node, for {@code reason}. */
  void ended(String nodeId, String reason) {
    atNode(StepKind.ENDED, nodeId, reason);
  }

  /** A reply that takes an edge with {@code trigger}. */
  void reply(String nodeId, Trigger trigger, String text) {
    add(StepKind.REPLY, nodeId, null, trigger.wireName(), text);
  }

  void unmatchedReply(String nodeId, String text) {
    atNode(StepKind.UNMATCHED_REPLY, nodeId, text);
  }

  /** A reply still pending when the conversation ended. */
  void replyAfterEnd(String nodeId, String text) {
    add(StepKind.UNMATCHED_REPLY, nodeId, null, "after_end", text);
  }

  void staleClick(String nodeId, String text) {
    atNode(StepKind.STALE_CLICK, nodeId, text);
  }

  void sendFailed(String nodeId, String detail) {
    atNode(StepKind.SEND_FAILED, nodeId, detail);
  }

  /** A failed status of a message other than the one the conversation waits on. */
  void staleSendFailed(String nodeId, String errorCode) {
    add(StepKind.SEND_FAILED, nodeId, null, "stale", errorCode);
  }

  /** A session message not sent: the window is closed ({@code lastInboundAt} 0: never opened). */
  void windowClosed(String nodeId, long lastInboundAt) {
    atNode(StepKind.WINDOW_CLOSED, nodeId, Long.toString(lastInboundAt));
  }

  /** A message of the contact while it is with an agent: forwarded, not matched. */
  void toAgent(String nodeId, String text) {
    atNode(StepKind.TO_AGENT, nodeId, text);
  }

  /** A message an agent sent (after its {@code message_sent}): what it said. */
  void fromAgent(String nodeId, String text) {
    atNode(StepKind.FROM_AGENT, nodeId, text);
  }

  /** The handoff at the node ended ({@code resumed}, {@code ended}, {@code timeout}). */
  void handoffEnded(String nodeId, String outcome, long secondsWithAgent) {
    add(StepKind.HANDOFF_ENDED, nodeId, null, outcome, Long.toString(secondsWithAgent));
  }

  /** A new run took the conversation up at the node, for {@code cause}. */
  void resumed(String nodeId, String cause) {
    atNode(StepKind.RESUMED, nodeId, cause);
  }

  void action(String nodeId, String detail) {
    atNode(StepKind.ACTION, nodeId, detail);
  }

  void invalidValue(String nodeId, String detail) {
    atNode(StepKind.INVALID_VALUE, nodeId, detail);
  }

  /**
   * Records an accepted send: {@code send_retried} first when it took more than one attempt (the
   * elapsed time comes from workflow time, so replay gives the same detail), then {@code
   * message_sent}.
   */
  void sent(String nodeId, SentMessage sent) {
    List<Step> sentSteps = sent.steps(next, nodeId, Workflow.currentTimeMillis());
    buffer.addAll(sentSteps);
    next += sentSteps.size();
  }

  private void atNode(String kind, String nodeId, String detail) {
    buffer.add(Step.atNode(next++, kind, nodeId, detail, Workflow.currentTimeMillis()));
  }

  private void add(String kind, String nodeId, String edgeId, String trigger, String detail) {
    buffer.add(
        new Step(next++, kind, nodeId, edgeId, trigger, detail, Workflow.currentTimeMillis()));
  }

  /** The sequence number the next step gets. */
  int next() {
    return next;
  }

  List<Step> buffered() {
    return List.copyOf(buffer);
  }

  /** Drops every buffered step: the projection has them. */
  void flushedAll() {
    buffer.clear();
  }

  /** Drops the first {@code count} buffered steps: the projection has them. */
  void flushed(int count) {
    buffer.subList(0, count).clear();
  }
}
