package io.chatflows.store.analytics;

import io.chatflows.workflows.conversation.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What one conversation, or one change of it, adds to its flow's counts. The contribution of a
 * conversation is the sum of the contributions of its changes, so counters kept change by change
 * equal the counts of its whole history ({@link #whole}).
 */
public final class Contributions {

  /** A change's counts and the conversation's counted state after it. */
  public record Change(FlowCounts delta, CountedState after) {}

  private Contributions() {}

  /** A conversation's status as the counts see it: {@code running}, {@code completed}, … */
  public record Status(String status, Instant startedAt, Instant endedAt) {

    boolean isOpen() {
      return "running".equals(status) || "waiting".equals(status) || "with_agent".equals(status);
    }

    /** Start to end of an ended conversation, in milliseconds; null while open. */
    Long durationMillis() {
      return !isOpen() && startedAt != null && endedAt != null
          ? Duration.between(startedAt, endedAt).toMillis()
          : null;
    }
  }

  /**
   * Counts (times {@code sign}) a conversation's status with its duration when it ended, and where
   * it stands: active at the node it last entered while open, else ended there with its status.
   */
  static void place(FlowCounts into, CountedState state, Status status, long sign) {
    into.status(String.valueOf(status.status()), status.durationMillis(), sign);
    if (state.position() != null) {
      FlowCounts.NodeCounts at = into.node(state.position());
      if (status.isOpen()) {
        at.active += sign;
      } else {
        at.ended.merge(String.valueOf(status.status()), sign, Long::sum);
      }
    }
  }

  /** A conversation as it starts: counted as started, with its status and no step. */
  public static Change started(Status status) {
    FlowCounts delta = new FlowCounts();
    delta.started = 1;
    place(delta, CountedState.START, status, 1);
    return new Change(delta, CountedState.START);
  }

  /** Everything a conversation with these steps and this status counts for. */
  public static Change whole(List<Step> steps, Status status) {
    FlowCounts delta = new FlowCounts();
    delta.started = 1;
    CountedState after = CountedState.START.walk(steps, delta);
    place(delta, after, status, 1);
    return new Change(delta, after);
  }

  /** A change from {@code before} by these further steps to {@code after}. */
  public static Change progress(CountedState state, Status before, List<Step> steps, Status after) {
    FlowCounts delta = new FlowCounts();
    place(delta, state, before, -1);
    CountedState next = state.walk(steps, delta);
    place(delta, next, after, 1);
    return new Change(delta, next);
  }

  /**
   * The delivery statuses of one sent message (times {@code sign}): delivered when WhatsApp
   * reported it delivered or read, read, failed; and the template it sent.
   */
  public static void message(
      FlowCounts into,
      String nodeId,
      String kind,
      String templateName,
      Collection<String> statuses,
      long sign) {
    FlowCounts.MessageCounts m = into.message(String.valueOf(nodeId), String.valueOf(kind));
    if (templateName != null) {
      m.templateName = templateName;
    }
    m.delivered += statuses.contains("delivered") || statuses.contains("read") ? sign : 0;
    m.read += statuses.contains("read") ? sign : 0;
    m.failed += statuses.contains("failed") ? sign : 0;
  }
}
