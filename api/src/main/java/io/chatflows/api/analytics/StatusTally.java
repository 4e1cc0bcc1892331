package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.Counts;
import io.chatflows.api.analytics.AnalyticsPayloads.Durations;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts conversations by status and collects the durations of the ended ones. */
final class StatusTally {

  private final Map<ConversationStatus, Long> byStatus = new EnumMap<>(ConversationStatus.class);
  private final List<Long> durationsMillis = new ArrayList<>();
  private long started;

  void add(ConversationDocument conversation) {
    started++;
    byStatus.merge(conversation.status(), 1L, Long::sum);
    if (!conversation.isOpen()
        && conversation.startedAt() != null
        && conversation.endedAt() != null) {
      durationsMillis.add(
          Duration.between(conversation.startedAt(), conversation.endedAt()).toMillis());
    }
  }

  Counts counts() {
    long running = of(ConversationStatus.RUNNING);
    long waiting = of(ConversationStatus.WAITING);
    return new Counts(
        started,
        running + waiting,
        running,
        waiting,
        started - running - waiting,
        of(ConversationStatus.COMPLETED),
        of(ConversationStatus.TIMED_OUT),
        of(ConversationStatus.FAILED),
        of(ConversationStatus.CANCELLED),
        of(ConversationStatus.HANDED_OFF),
        of(ConversationStatus.INTERRUPTED));
  }

  /** {@code completed / ended}; null before any conversation ended. */
  Double completionRate() {
    Counts counts = counts();
    return ratio(counts.completed(), counts.ended());
  }

  Durations durations() {
    if (durationsMillis.isEmpty()) {
      return new Durations(0, null, null, null);
    }
    List<Long> sorted = durationsMillis.stream().sorted().toList();
    double avg = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
    return new Durations(
        sorted.size(),
        seconds(nearestRank(sorted, 0.5)),
        seconds(nearestRank(sorted, 0.9)),
        seconds(avg));
  }

  /** The nearest-rank percentile: the smallest value with at least {@code p} of all at or below. */
  static long nearestRank(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static Double ratio(long part, long whole) {
    return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
  }

  private static double seconds(double millis) {
    return Math.round(millis) / 1000.0;
  }

  private long of(ConversationStatus status) {
    return byStatus.getOrDefault(status, 0L);
  }
}
