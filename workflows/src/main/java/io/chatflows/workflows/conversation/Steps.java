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

  /** The sequence number the next step gets. */
  int next() {
    return next;
  }

  List<Step> buffered() {
    return List.copyOf(buffer);
  }

  /** Drops the first {@code count} buffered steps: the projection has them. */
  void flushed(int count) {
    buffer.subList(0, count).clear();
  }
}
