package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.SendErrors;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Timeouts and retry policies of every activity a conversation calls; each call runs in a
 * cancellation scope of its own ({@link OwnScopes}).
 */
final class ActivityStubs {

  /**
   * WhatsApp 429 and 5xx are retried with exponential backoff (1 s doubling to 1 min, 8 attempts,
   * about 3 minutes); permanent errors are raised as non-retryable {@link SendErrors#PERMANENT}.
   */
  static final RetryOptions SEND_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(8)
          .setDoNotRetry(SendErrors.PERMANENT, SendErrors.WEBHOOK_REFUSED)
          .build();

  private ActivityStubs() {}

  static ConversationActivities remote(OwnScopes scopes) {
    return scopes.around(
        ConversationActivities.class,
        Workflow.newActivityStub(
            ConversationActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(SEND_RETRY)
                .build()));
  }

  /**
   * Template sends as local activities (same retry policy as {@link #remote}): the send runs in the
   * workflow task that received the reply, so a step needs no activity task round trip. A send
   * repeated after a crash is not repeated at WhatsApp (the worker looks the send up first). Every
   * retry waits on a durable timer rather than inside the workflow task, so a backoff survives a
   * worker restart and the attempt count carries over. Markers leave the arguments out, which keeps
   * the history small.
   */
  static ConversationActivities localSends(OwnScopes scopes) {
    return scopes.around(
        ConversationActivities.class,
        Workflow.newLocalActivityStub(
            ConversationActivities.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(SEND_RETRY)
                .setLocalRetryThreshold(Duration.ofMillis(500))
                .setDoNotIncludeArgumentsIntoMarker(true)
                .build()));
  }

  /** The projection write: a local activity, retried for a minute, then left to the next flush. */
  static ConversationActivities projection(OwnScopes scopes) {
    return scopes.around(
        ConversationActivities.class,
        Workflow.newLocalActivityStub(
            ConversationActivities.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setScheduleToCloseTimeout(Duration.ofMinutes(1))
                .setDoNotIncludeArgumentsIntoMarker(true)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(200))
                        .setMaximumInterval(Duration.ofSeconds(10))
                        .build())
                .build()));
  }
}
