package io.chatflows.api.job;

import io.chatflows.api.security.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job. {@code status}: {@code queued}, {@code running}, {@code completed}, {@code failed}, or
 * {@code interrupted} (the process running it stopped; run it again, it is safe). {@code done +
 * skipped + failed} reaches {@code total} when it completed.
 */
public record JobView(
    String id,
    String kind,
    String flow,
    Map<String, Object> request,
    Actor requestedBy,
    String status,
    long total,
    long done,
    long skipped,
    long failed,
    List<JobDocument.Issue> skips,
    List<JobDocument.Issue> failures,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public static JobView of(JobDocument job) {
    return new JobView(
        job.id(),
        job.kind(),
        job.flowId(),
        job.request(),
        job.requestedBy(),
        job.effectiveStatus(Instant.now(), JobStore.STALE_AFTER),
        job.total(),
        job.done(),
        job.skipped(),
        job.failed(),
        job.skips() == null ? List.of() : job.skips(),
        job.failures() == null ? List.of() : job.failures(),
        job.error(),
        job.createdAt(),
        job.startedAt(),
        job.finishedAt());
  }
}
