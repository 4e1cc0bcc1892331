package io.chatflows.workflows.conversation;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/** Short descriptions of activity failures for the step history. */
final class Failures {

  private Failures() {}

  static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause != null ? cause.getClass().getSimpleName() : failure.getMessage();
  }
}
