package io.chatflows.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polling with a deadline, for tests that wait on other processes. */
final class Waits {

  private Waits() {}

  /** Polls until the supplier returns non-null; fails with the description after the timeout. */
  static <T> T until(Duration timeout, String what, Supplier<T> poll) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T value = poll.get();
      if (value != null) {
        return value;
      }
      pause(Duration.ofMillis(200));
    }
    throw new AssertionError("not within " + timeout + ": " + what);
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
