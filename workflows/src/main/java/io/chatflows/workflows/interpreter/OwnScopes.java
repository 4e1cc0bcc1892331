package io.chatflows.workflows.interpreter;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Runs a conversation's activities and timers each in a cancellation scope of its own, which the
 * cancellation of the scope it was started from still reaches.
 *
 * <p>Every activity, local activity and timer registers a handler on the cancellation of the scope
 * it starts in, and the SDK keeps that handler (with the activity's state machine, its arguments
 * and its result) as long as the scope lives: in the scope a conversation runs in, until the run
 * ends or continues as new, about 250 replies later. A child scope per call would not help: the SDK
 * keeps a child scope whose cancellation was asked for in its parent until the run ends. So each
 * call runs in a detached scope, dropped when the call ends, and one hook per parent scope cancels
 * the scopes still open when the parent is cancelled; a call started in a scope already cancelled
 * starts cancelled, as it would in a child scope. Commands and their order stay as they were.
 */
final class OwnScopes {

  private record Open(CancellationScope scope, CancellationScope parent) {}

  private final List<Open> open = new ArrayList<>();

  /**
   * The parent scopes hooked so far, held weakly: an update handler's scope ends with the update,
   * and a parent that is gone is never asked about again (scopes compare by identity).
   */
  private final Set<CancellationScope> hooked = Collections.newSetFromMap(new WeakHashMap<>());

  /** Runs {@code work} in a scope of its own and returns what it returned. */
  <T> T call(Supplier<T> work) {
    List<T> result = new ArrayList<>(1);
    CancellationScope scope = start(() -> result.add(work.get()));
    try {
      scope.run();
    } finally {
      end(scope);
    }
    return result.get(0);
  }

  /**
   * A scope of its own for {@code work}, registered until {@link #end}: for work whose promise
   * outlives the scope's {@code run()} (a timer).
   */
  CancellationScope start(Runnable work) {
    CancellationScope parent = CancellationScope.current();
    CancellationScope scope = Workflow.newDetachedCancellationScope(work);
    if (parent.isCancelRequested()) {
      scope.cancel(parent.getCancellationReason());
    }
    hook(parent);
    open.add(new Open(scope, parent));
    return scope;
  }

  /** The scope's work ended: the parent's cancellation no longer needs to reach it. */
  void end(CancellationScope scope) {
    open.removeIf(o -> o.scope() == scope);
  }

  /** {@code stub} with every call run in a scope of its own ({@link #call}). */
  <T> T around(Class<T> type, T stub) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.invoke(stub, args);
              }
              return call(
                  () -> {
                    try {
                      return method.invoke(stub, args);
                    } catch (InvocationTargetException e) {
                      // as the stub threw it: a failure, or the SDK's error ending the thread
                      if (e.getCause() instanceof Error error) {
                        throw error;
                      }
                      throw e.getCause() instanceof RuntimeException r
                          ? r
                          : new IllegalStateException(e.getCause());
                    } catch (IllegalAccessException e) {
                      throw new IllegalStateException(e);
                    }
                  });
            }));
  }

  private void hook(CancellationScope parent) {
    if (!hooked.add(parent)) {
      return;
    }
    parent
        .getCancellationRequest()
        .thenApply(
            reason -> {
              for (Open o : List.copyOf(open)) {
                if (o.parent() == parent) {
                  o.scope().cancel(reason);
                }
              }
              return null;
            });
  }
}
