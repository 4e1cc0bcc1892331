package io.chatflows.workflows.interpreter;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The timeout of one wait for a reply. One durable timer serves the whole wait (replies that match
 * no edge keep it running) and is cancelled when a reply ends the wait, so it never fires later
 * into a conversation that moved on. Conversations that started waiting before this existed keep
 * the earlier behaviour (a new timer per await, left to fire), selected by {@code reuse}.
 *
 * <p>The timer runs in a cancellation scope of its own ({@link OwnScopes}), so a cached
 * conversation keeps nothing of the waits that ended.
 */
final class ReplyTimer {

  private final boolean reuse;
  private final OwnScopes scopes;
  private CancellationScope scope;
  private Promise<Void> timer;

  ReplyTimer(boolean reuse, OwnScopes scopes) {
    this.reuse = reuse;
    this.scopes = scopes;
  }

  /**
   * Waits until {@code replied} holds or {@code remainingMillis} passed.
   *
   * @return false when the wait timed out
   */
  boolean await(long remainingMillis, Supplier<Boolean> replied) {
    if (!reuse) {
      return Workflow.await(Duration.ofMillis(remainingMillis), replied);
    }
    if (timer == null) {
      scope = scopes.start(() -> timer = Workflow.newTimer(Duration.ofMillis(remainingMillis)));
      scope.run();
    }
    Workflow.await(() -> replied.get() || timer.isCompleted());
    if (replied.get()) {
      return true;
    }
    scopes.end(scope);
    timer.get(); // rethrows the cancellation of the conversation
    return false;
  }

  /**
   * Ends the wait early: the timer, if still running, is cancelled. Its promise then fails with the
   * cancellation, which is expected and handled here: a failed promise nobody handles stays with
   * the cached workflow until it leaves the cache, then is logged as a warning with its stack
   * trace.
   */
  void cancel() {
    if (timer != null && !timer.isCompleted()) {
      scope.cancel();
      timer.exceptionally(cancelled -> null);
    }
    if (scope != null) {
      scopes.end(scope);
    }
  }
}
