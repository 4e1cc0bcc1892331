package io.chatflows.api.flow;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Re-runs a read-modify-write of one flow document when another writer saved it in between
 * ({@code @Version} optimistic locking). Each attempt reads the flow again, so no writer's change
 * is lost; after the last attempt the conflict reaches the client as 409.
 */
final class Retries {

  static final int ATTEMPTS = 25;

  private Retries() {}

  static <T> T onConflict(Supplier<T> readModifyWrite) {
    for (int attempt = 1; ; attempt++) {
      try {
        return readModifyWrite.get();
      } catch (OptimisticLockingFailureException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }

  /** A short random pause, growing with the attempts, so racing writers spread out. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10) + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a flow write", e);
    }
  }
}
