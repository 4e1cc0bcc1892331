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
 * <p>The timer runs in a detached cancellation scope of its own, which the conversation's
 * cancellation reaches through {@link Waits}: the SDK keeps a child scope whose cancellation was
 * asked for in its parent until the run ends, so a child scope per wait kept every wait's scope,
 * timer and cancellation with a cached conversation. The commands are the same either way.
 */
final class ReplyTimer {

  /**
   * The run's waits: the scope of the one in progress, cancelled when the scope the conversation
   * runs in is (one hook per run).
   */
  static final class Waits {
    private CancellationScope current;
    private boolean hooked;

    private void start(CancellationScope wait, CancellationScope parent) {
      if (!hooked) {
        hooked = true;
        parent
            .getCancellationRequest()
            .thenApply(
                reason -> {
                  if (current != null) {
                    current.cancel(reason);
                  }
                  return null;
                });
      }
      current = wait;
    }

    private void end(CancellationScope wait) {
      if (current == wait) {
        current = null;
      }
    }
  }

  private final boolean reuse;
  private final Waits waits;
  private CancellationScope scope;
  private Promise<Void> timer;

  ReplyTimer(boolean reuse, Waits waits) {
    this.reuse = reuse;
    this.waits = waits;
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
      CancellationScope parent = CancellationScope.current();
      scope =
          Workflow.newDetachedCancellationScope(
              () -> timer = Workflow.newTimer(Duration.ofMillis(remainingMillis)));
      if (parent.isCancelRequested()) {
        // as a child scope of a cancelled scope is cancelled from the start
        scope.cancel(parent.getCancellationReason());
      }
      waits.start(scope, parent);
      scope.run();
    }
    Workflow.await(() -> replied.get() || timer.isCompleted());
    if (replied.get()) {
      return true;
    }
    waits.end(scope);
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
      waits.end(scope);
    }
  }
}
