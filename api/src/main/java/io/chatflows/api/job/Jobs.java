package io.chatflows.api.job;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Callers;
import io.chatflows.store.conversation.ConversationDocument;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs jobs over conversations in the background, one at a time in this process, and records their
 * progress in {@link JobStore}. A job selects its conversations when it starts, then handles them
 * one by one; the count of each outcome is written at least every {@link #WRITE_EVERY}
 * conversations or half a second. Jobs are not resumed after the process stops: they read as {@code
 * interrupted} once their heartbeat is stale, and running one again is safe (each conversation
 * applies a request id once, a cancelled or restarted conversation is skipped).
 */
@Service
public class Jobs {

  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  /** How many jobs may wait behind the running one. */
  static final int QUEUE = 20;

  static final int WRITE_EVERY = 25;

  private final JobStore store;
  private final Callers callers;
  private final ThreadPoolExecutor runner =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(QUEUE),
          r -> {
            Thread thread = new Thread(r, "conversation-jobs");
            thread.setDaemon(true);
            return thread;
          });
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "conversation-jobs-heartbeat");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  public Jobs(JobStore store, Callers callers) {
    this.store = store;
    this.callers = callers;
    long every = JobStore.HEARTBEAT.toMillis();
    heartbeat.scheduleWithFixedDelay(this::touchHeld, every, every, TimeUnit.MILLISECONDS);
  }

  /** What one conversation came to. */
  public record Outcome(Kind kind, String reason) {
    public enum Kind {
      DONE,
      SKIPPED,
      FAILED
    }

    public static Outcome done() {
      return new Outcome(Kind.DONE, null);
    }

    public static Outcome skipped(String reason) {
      return new Outcome(Kind.SKIPPED, reason);
    }

    public static Outcome failed(String reason) {
      return new Outcome(Kind.FAILED, reason);
    }
  }

  /** A job's work: which conversations, and what to do with each. */
  public interface Work {
    List<ConversationDocument> select();

    /** Handles one conversation; a runtime exception counts it as failed. */
    Outcome apply(String jobId, ConversationDocument conversation);
  }

  /**
   * Records a job requested by the caller's token and queues it.
   *
   * @throws ApiException 409 {@code jobs_busy} when {@link #QUEUE} jobs wait already
   */
  public JobDocument submit(
      String workspaceId, String kind, String flowId, Map<String, Object> request, Work work) {
    Instant now = Instant.now();
    JobDocument job =
        new JobDocument(
            UUID.randomUUID().toString(),
            workspaceId,
            kind,
            flowId,
            request,
            callers.current(),
            now,
            null,
            null,
            now,
            JobDocument.QUEUED,
            0,
            0,
            0,
            0,
            List.of(),
            List.of(),
            null);
    if (runner.getQueue().remainingCapacity() == 0) {
      throw ApiException.conflict(
          "jobs_busy", "too many jobs are waiting (" + QUEUE + "); try again when one finished");
    }
    store.insert(job);
    held.add(job.id());
    try {
      runner.execute(() -> run(job, work));
    } catch (RejectedExecutionException e) {
      held.remove(job.id());
      store.finished(job.id(), JobDocument.FAILED, "not queued: too many jobs are waiting");
      throw ApiException.conflict("jobs_busy", "too many jobs are waiting; try again later");
    }
    return job;
  }

  private void run(JobDocument job, Work work) {
    try {
      List<ConversationDocument> selected = work.select();
      store.started(job.id(), selected.size());
      Progress progress = new Progress(job.id());
      for (ConversationDocument conversation : selected) {
        Outcome outcome;
        try {
          outcome = work.apply(job.id(), conversation);
        } catch (RuntimeException e) {
          log.warn("job {} failed on conversation {}", job.id(), conversation.id(), e);
          outcome = Outcome.failed(reason(e));
        }
        progress.count(conversation.id(), outcome);
      }
      progress.write();
      store.finished(job.id(), JobDocument.COMPLETED, null);
    } catch (RuntimeException e) {
      log.warn("job {} failed", job.id(), e);
      store.finished(job.id(), JobDocument.FAILED, reason(e));
    } finally {
      held.remove(job.id());
    }
  }

  private static String reason(RuntimeException e) {
    return e instanceof ApiException api ? api.getMessage() : e.getClass().getSimpleName();
  }

  private void touchHeld() {
    try {
      store.touch(List.copyOf(held));
    } catch (RuntimeException e) {
      log.warn("could not touch the running jobs", e);
    }
  }

  @PreDestroy
  void stop() {
    heartbeat.shutdownNow();
    runner.shutdownNow();
  }

  /** Counts outcomes and writes them in batches. */
  private final class Progress {
    private final String jobId;
    private final List<JobDocument.Issue> newSkips = new ArrayList<>();
    private final List<JobDocument.Issue> newFailures = new ArrayList<>();
    private long done;
    private long failed;
    private long skipped;
    private long unwritten;
    private long writtenAt = System.nanoTime();

    Progress(String jobId) {
      this.jobId = jobId;
    }

    void count(String conversationId, Outcome outcome) {
      switch (outcome.kind()) {
        case DONE -> done++;
        case SKIPPED -> {
          if (++skipped <= JobStore.KEPT_ISSUES) {
            newSkips.add(new JobDocument.Issue(conversationId, outcome.reason()));
          }
        }
        case FAILED -> {
          if (++failed <= JobStore.KEPT_ISSUES) {
            newFailures.add(new JobDocument.Issue(conversationId, outcome.reason()));
          }
        }
      }
      if (++unwritten >= WRITE_EVERY
          || System.nanoTime() - writtenAt > TimeUnit.MILLISECONDS.toNanos(500)) {
        write();
      }
    }

    void write() {
      store.progress(jobId, done, failed, skipped, newSkips, newFailures);
      newSkips.clear();
      newFailures.clear();
      unwritten = 0;
      writtenAt = System.nanoTime();
    }
  }
}
