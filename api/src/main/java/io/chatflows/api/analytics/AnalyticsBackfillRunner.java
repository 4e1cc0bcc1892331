package io.chatflows.api.analytics;

import io.chatflows.store.backfill.AnalyticsBackfill;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the analytics backfill ({@link AnalyticsBackfill}) in the background: once on the first
 * start of a version with counters (a marker document records that it completed), and whenever the
 * operator asks for it ({@code POST /admin/analytics/backfill}), e.g. after every replica of an
 * older version stopped writing. One run at a time.
 */
@Component
class AnalyticsBackfillRunner {

  /**
   * Where a run is: {@code idle}, {@code running}, {@code completed} or {@code failed}; {@code
   * partition} is how many conversations it reads into memory at a time.
   */
  record BackfillState(
      String state,
      int partition,
      Instant startedAt,
      Instant endedAt,
      Long conversations,
      Long messages,
      Long countedMeanwhile,
      String error) {}

  private static final Logger log = LoggerFactory.getLogger(AnalyticsBackfillRunner.class);

  private final AnalyticsBackfill backfill;
  private final boolean onStart;
  private final int partition;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "analytics-backfill");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<BackfillState> state;

  AnalyticsBackfillRunner(
      AnalyticsBackfill backfill,
      @Value("${chatflow.analytics.backfill-on-start:true}") boolean onStart,
      @Value("${chatflow.analytics.backfill-partition:100000}") int partition) {
    this.backfill = backfill;
    this.onStart = onStart;
    this.partition = partition;
    this.state =
        new AtomicReference<>(
            new BackfillState("idle", partition, null, null, null, null, null, null));
  }

  @EventListener(ApplicationReadyEvent.class)
  void onStart() {
    if (onStart && !backfill.completedOnce()) {
      start();
    }
  }

  /** Starts a run unless one is running; returns the state after. */
  BackfillState start() {
    BackfillState before = state.get();
    if ("running".equals(before.state())) {
      return before;
    }
    BackfillState running =
        new BackfillState("running", partition, Instant.now(), null, null, null, null, null);
    if (!state.compareAndSet(before, running)) {
      return state.get();
    }
    runner.execute(
        () -> {
          try {
            AnalyticsBackfill.Result result = backfill.run(partition);
            state.set(
                new BackfillState(
                    "completed",
                    partition,
                    running.startedAt(),
                    Instant.now(),
                    result.conversations(),
                    result.messages(),
                    result.skipped(),
                    null));
          } catch (RuntimeException e) {
            log.error("analytics backfill failed; it continues where it stopped when run again", e);
            state.set(
                new BackfillState(
                    "failed",
                    partition,
                    running.startedAt(),
                    Instant.now(),
                    null,
                    null,
                    null,
                    e.getClass().getSimpleName()));
          }
        });
    return running;
  }

  BackfillState state() {
    return state.get();
  }
}
