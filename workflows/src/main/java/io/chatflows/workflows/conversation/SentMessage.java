package io.chatflows.workflows.conversation;

/**
 * Our WhatsApp message id (wamid) of a message that was accepted for delivery, with the activity
 * attempt that got it accepted and when the first attempt was scheduled (epoch millis). Histories
 * written before the attempt was recorded replay with {@code attempt} 0.
 */
public record SentMessage(String messageId, int attempt, long firstAttemptAt) {

  /** A message accepted on the first attempt, or where the attempt is not known. */
  public SentMessage(String messageId) {
    this(messageId, 1, 0L);
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
