package io.chatflows.store.conversation;

import java.time.Instant;

/**
 * The failed attempts of a conversation's workflow task since the conversation last made progress
 * (a bug in the interpreter, an input it cannot handle, a non-deterministic change). Temporal
 * retries a failed workflow task for ever: at once, then about every 10 s (real servers back off to
 * 10 minutes). The record is cleared by the conversation's next progress update.
 *
 * @param since the first failure
 * @param attempts failed attempts counted (by every worker replica together)
 * @param lastError the class of the innermost cause of the last failure; never its message, which
 *     may quote what a contact wrote
 * @param lastFailedAt the last failure
 */
public record TaskFailures(Instant since, int attempts, String lastError, Instant lastFailedAt) {

  /** From this many failed attempts in a row a conversation counts as stuck. */
  public static final int STUCK_AFTER_ATTEMPTS = 2;

  /** Whether the task failed again after its first failure: it cannot make progress. */
  public boolean isRepeated() {
    return attempts >= STUCK_AFTER_ATTEMPTS;
  }
}
