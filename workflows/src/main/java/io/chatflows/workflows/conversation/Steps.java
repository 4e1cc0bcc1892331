package io.chatflows.workflows.conversation;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Numbers step-history entries and buffers them until the projection has them. */
final class Steps {
  private final List<Step> buffer = new ArrayList<>();
  private int next;

  Steps(int next) {
    this.next = next;
  }

  void add(String kind, String nodeId, String edgeId, String trigger, String detail) {
    buffer.add(
        new Step(next++, kind, nodeId, edgeId, trigger, detail, Workflow.currentTimeMillis()));
  }

  /**
   * Records an accepted send: {@code send_retried} first when it took more than one attempt (the
   * elapsed time comes from workflow time, so replay gives the same detail), then {@code
   * message_sent}.
   */
  static void addSent(Steps steps, String nodeId, SentMessage sent) {
    List<Step> sentSteps = sent.steps(steps.next, nodeId, Workflow.currentTimeMillis());
    steps.buffer.addAll(sentSteps);
    steps.next += sentSteps.size();
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
