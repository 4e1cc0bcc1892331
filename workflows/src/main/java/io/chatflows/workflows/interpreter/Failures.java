package io.chatflows.workflows.interpreter;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;

/** Short descriptions of activity failures for the step history. */
final class Failures {

  private Failures() {}

  /**
   * Rethrows the {@link CanceledFailure} of an activity cancelled because the conversation was
   * cancelled: that is no send or webhook failure, and no edge may be followed for it.
   */
  static void rethrowCancellation(ActivityFailure failure) {
    if (failure.getCause() instanceof CanceledFailure canceled) {
      throw canceled;
    }
  }

  static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause != null ? cause.getClass().getSimpleName() : failure.getMessage();
  }
}
