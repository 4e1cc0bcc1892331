package io.chatflows.workflows.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Our WhatsApp message id (wamid) of a message that was accepted for delivery, with the activity
 * attempt that got it accepted and when the first attempt was scheduled (epoch millis). Histories
 * written before the attempt was recorded replay with {@code attempt} 0.
 *
 * @param recorded whether the send also wrote the {@link SendTemplateCommand#progress() progress}
 *     it carried, with this send's steps, to the projection
 */
public record SentMessage(String messageId, int attempt, long firstAttemptAt, boolean recorded) {

  /** A message accepted on the first attempt, or where the attempt is not known. */
  public SentMessage(String messageId) {
    this(messageId, 1, 0L, false);
  }

  public SentMessage(String messageId, int attempt, long firstAttemptAt) {
    this(messageId, attempt, firstAttemptAt, false);
  }

  /** The same send, marked as having written its progress to the projection. */
  public SentMessage asRecorded() {
    return new SentMessage(messageId, attempt, firstAttemptAt, true);
  }

  /**
   * The step-history entries of this send from sequence number {@code seq} on: {@code send_retried}
   * first when it took more than one attempt, then {@code message_sent}.
   */
  public List<Step> steps(int seq, String nodeId, long nowMillis) {
    List<Step> steps = new ArrayList<>(2);
    String retried = retryDetail(nowMillis);
    if (retried != null) {
      steps.add(Step.atNode(seq++, StepKind.SEND_RETRIED, nodeId, retried, nowMillis));
    }
    steps.add(Step.atNode(seq, StepKind.MESSAGE_SENT, nodeId, messageId, nowMillis));
    return steps;
  }

  /** The step detail when the send needed retries, e.g. {@code attempt 4 after 7.1s}; else null. */
  String retryDetail(long nowMillis) {
    if (attempt <= 1) {
      return null;
    }
    long elapsed = firstAttemptAt > 0 ? Math.max(0, nowMillis - firstAttemptAt) : 0;
    return "attempt %d after %d.%ds".formatted(attempt, elapsed / 1000, (elapsed % 1000) / 100);
  }
}
