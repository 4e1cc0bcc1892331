package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.Counts;
import io.chatflows.api.analytics.AnalyticsPayloads.Durations;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Duration;

/**
 * Conversations by status and the durations of the ended ones, read from {@link FlowCounts}:
 * counted from the counters, or here from the conversations themselves ({@link #add}).
 */
final class StatusTally {

  private final FlowCounts counts;

  StatusTally() {
    this(new FlowCounts());
  }

  StatusTally(FlowCounts counts) {
    this.counts = counts;
  }

  void add(ConversationDocument conversation) {
    counts.started++;
    Long duration =
        !conversation.isOpen() && conversation.startedAt() != null && conversation.endedAt() != null
            ? Duration.between(conversation.startedAt(), conversation.endedAt()).toMillis()
            : null;
    counts.status(
        conversation.status() == null ? null : conversation.status().wireName(), duration, 1);
  }

  Counts counts() {
    long running = of(ConversationStatus.RUNNING);
    long waiting = of(ConversationStatus.WAITING);
    long withAgent = of(ConversationStatus.WITH_AGENT);
    return new Counts(
        counts.started,
        running + waiting + withAgent,
        running,
        waiting,
        withAgent,
        counts.started - running - waiting - withAgent,
        of(ConversationStatus.COMPLETED),
        of(ConversationStatus.TIMED_OUT),
        of(ConversationStatus.FAILED),
        of(ConversationStatus.CANCELLED),
        of(ConversationStatus.HANDED_OFF),
        of(ConversationStatus.INTERRUPTED));
  }

  /** {@code completed / ended}; null before any conversation ended. */
  Double completionRate() {
    Counts c = counts();
    return ratio(c.completed(), c.ended());
  }

  /** Nearest-rank percentiles of the (rounded, see {@link FlowCounts}) durations, exact average. */
  Durations durations() {
    long count = counts.durationCount();
    if (count == 0) {
      return new Durations(0, null, null, null);
    }
    return new Durations(
        count,
        seconds(counts.durationPercentile(0.5)),
        seconds(counts.durationPercentile(0.9)),
        seconds((double) counts.durationSumMillis / count));
  }

  static Double ratio(long part, long whole) {
    return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
  }

  private static double seconds(double millis) {
    return Math.round(millis) / 1000.0;
  }

  private long of(ConversationStatus status) {
    return counts.statuses.getOrDefault(status.wireName(), 0L);
  }
}
