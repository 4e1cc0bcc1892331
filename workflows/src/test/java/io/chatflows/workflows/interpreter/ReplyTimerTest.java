package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.lang.reflect.Field;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReplyTimerTest {

  @WorkflowInterface
  public interface Waiter {
    /** Runs {@code waits} waits that a reply ends; returns what the run's scope still holds. */
    @WorkflowMethod
    int waitAndCount(int waits);
  }

  public static class WaiterImpl implements Waiter {
    @Override
    public int waitAndCount(int waits) {
      OwnScopes run = new OwnScopes();
      for (int i = 0; i < waits; i++) {
        ReplyTimer timer = new ReplyTimer(true, run);
        timer.await(60_000, () -> true);
        timer.cancel();
      }
      return childScopes(CancellationScope.current());
    }

    /** The child scopes the SDK keeps in {@code scope} (its internal set, read by reflection). */
    private static int childScopes(CancellationScope scope) {
      try {
        Field children = scope.getClass().getDeclaredField("children");
        children.setAccessible(true);
        return ((Collection<?>) children.get(scope)).size();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WaiterImpl.class)
          .build();

  @Test
  void givenWaitsThatRepliesEnded_whenTheRunGoesOn_itKeepsNoScopeOfThem(
      WorkflowClient client, Worker worker) {
    Waiter waiter =
        client.newWorkflowStub(
            Waiter.class, WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());

    assertThat(waiter.waitAndCount(50)).isZero();
  }
}
