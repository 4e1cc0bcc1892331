package io.chatflows.worker.stuck;

import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records failed workflow tasks on the conversation projection ({@code stuck}: since, attempts, the
 * class of the last error) and logs each conversation's failures once: when the first failed
 * attempt is counted, whichever worker replica counts it. The record is cleared by the
 * conversation's next progress update; from the second failed attempt in a row the conversation is
 * reported stuck (in the conversations API and {@code chatflow_conversations_stuck}).
 *
 * <p>Failures are recorded on a thread of their own, so the workflow task thread never waits for
 * MongoDB. When a failure cannot be recorded (MongoDB unreachable, no open conversation under that
 * workflow id) it is logged here instead, at most once per workflow run and {@link #LOCAL_QUIET}.
 */
@Component
class StuckConversations implements DisposableBean {

  static final Duration LOCAL_QUIET = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(StuckConversations.class);

  private final ConversationStore conversations;
  private final ThreadPoolExecutor recorder =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(1_000),
          r -> {
            Thread thread = new Thread(r, "stuck-conversations");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, Instant> loggedLocally = new ConcurrentHashMap<>();

  StuckConversations(ConversationStore conversations) {
    this.conversations = conversations;
  }

  /**
   * A workflow task of {@code workflowId} failed with {@code failure}.
   *
   * @return true: the failure is taken care of (recorded and logged here)
   */
  boolean taskFailed(String workflowId, String runId, Throwable failure) {
    Instant at = Instant.now();
    try {
      recorder.execute(() -> record(workflowId, runId, failure, at));
    } catch (RejectedExecutionException e) {
      logLocally(workflowId, runId, failure, at);
    }
    return true;
  }

  private void record(String workflowId, String runId, Throwable failure, Instant at) {
    Optional<ConversationDocument> recorded;
    try {
      recorded = conversations.recordTaskFailure(workflowId, errorClass(failure), at);
    } catch (RuntimeException e) {
      log.debug("could not record a workflow task failure", e);
      recorded = Optional.empty();
    }
    if (recorded.isEmpty()) {
      logLocally(workflowId, runId, failure, at);
    } else if (recorded.get().stuck().attempts() == 1) {
      ConversationDocument c = recorded.get();
      log.warn(
          "Workflow task of conversation {} (flow {}, workflow {}, run {}) failed with {}; Temporal"
              + " retries it (at once, then about every 10 s). Further failures are counted in the"
              + " conversation's `stuck` record, not logged, until it makes progress.",
          c.id(),
          c.flowId(),
          workflowId,
          runId,
          errorClass(failure),
          stackOnly(failure));
    }
  }

  private void logLocally(String workflowId, String runId, Throwable failure, Instant at) {
    Instant last = loggedLocally.get(runId);
    if (last != null && last.isAfter(at.minus(LOCAL_QUIET))) {
      return;
    }
    loggedLocally.put(runId, at);
    if (loggedLocally.size() > 10_000) {
      loggedLocally.clear();
    }
    log.warn(
        "Workflow task of workflow {} (run {}) failed with {}; Temporal retries it. Not recorded on"
            + " a conversation; logged at most every {} minutes per run.",
        workflowId,
        runId,
        errorClass(failure),
        LOCAL_QUIET.toMinutes(),
        stackOnly(failure));
  }

  /** The class of the innermost cause: the SDK wraps what the workflow code threw. */
  static String errorClass(Throwable failure) {
    return failure == null ? "unknown" : root(failure).getClass().getName();
  }

  /**
   * The innermost cause's stack trace without its message, which may quote what a contact wrote
   * (logs carry no phone numbers or message texts).
   */
  static Throwable stackOnly(Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable root = root(failure);
    RuntimeException logged =
        new RuntimeException(root.getClass().getName() + " (its message is not logged)");
    logged.setStackTrace(root.getStackTrace());
    return logged;
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  @Override
  public void destroy() {
    recorder.shutdown();
  }
}
