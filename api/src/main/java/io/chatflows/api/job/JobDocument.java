package io.chatflows.api.job;

import io.chatflows.api.security.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A background job over conversations (a migration between versions, or a bulk move, restart or
 * cancel) and its record: who asked for what, when, and how far it got.
 *
 * @param kind {@code migrate}, {@code move}, {@code restart} or {@code cancel}
 * @param request what was asked for: the filter or the versions and node mapping, as sent
 * @param requestedBy the token that asked for it
 * @param status {@code queued}, {@code running}, {@code completed}, {@code failed} (the job itself
 *     failed; see {@code error}); a queued or running job whose process stopped reads as {@code
 *     interrupted} ({@link #effectiveStatus})
 * @param total how many conversations the job selected
 * @param done how many it handled (signalled, restarted or cancelled)
 * @param failed how many it could not handle because of an error
 * @param skipped how many it left alone, each with its reason in {@code skips} (the first {@link
 *     JobStore#KEPT_ISSUES})
 * @param failures the conversations it failed on, with the error (the first {@link
 *     JobStore#KEPT_ISSUES})
 * @param updatedAt moved at least every {@link JobStore#HEARTBEAT} while the process that runs the
 *     job is alive
 */
@Document("jobs")
public record JobDocument(
    @Id String id,
    String workspaceId,
    String kind,
    String flowId,
    Map<String, Object> request,
    Actor requestedBy,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Instant updatedAt,
    String status,
    long total,
    long done,
    long failed,
    long skipped,
    List<Issue> skips,
    List<Issue> failures,
    String error) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";
  public static final String INTERRUPTED = "interrupted";

  /** A conversation the job skipped or failed on, and why. */
  public record Issue(String conversation, String reason) {}

  /**
   * Its status as far as anyone can tell: a queued or running job that has not been touched for
   * {@code staleAfter} lost the process that ran it (jobs live in the process that accepted them).
   */
  public String effectiveStatus(Instant now, Duration staleAfter) {
    boolean active = QUEUED.equals(status) || RUNNING.equals(status);
    return active && updatedAt != null && updatedAt.plus(staleAfter).isBefore(now)
        ? INTERRUPTED
        : status;
  }
}
