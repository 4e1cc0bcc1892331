package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OwnScopesTest {

  @ActivityInterface
  public interface Echo {
    String echo(String text);
  }

  public static class EchoImpl implements Echo {
    @Override
    public String echo(String text) {
      return text;
    }
  }

  @WorkflowInterface
  public interface Caller {
    /**
     * Calls a local activity {@code calls} times, through {@link OwnScopes} or not; returns how
     * many handlers the run's scope still holds on its cancellation.
     */
    @WorkflowMethod
    int callAndCount(int calls, boolean ownScopes);
  }

  public static class CallerImpl implements Caller {
    @Override
    public int callAndCount(int calls, boolean ownScopes) {
      Echo stub =
          Workflow.newLocalActivityStub(
              Echo.class,
              LocalActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .build());
      Echo echo = ownScopes ? new OwnScopes().around(Echo.class, stub) : stub;
      for (int i = 0; i < calls; i++) {
        if (!echo.echo("reply " + i).equals("reply " + i)) {
          throw new IllegalStateException("the call's result was lost");
        }
      }
      return cancellationHandlers(CancellationScope.current());
    }

    /** The handlers on {@code scope}'s cancellation (the SDK's internal list, by reflection). */
    private static int cancellationHandlers(CancellationScope scope) {
      try {
        Object promise = scope.getCancellationRequest();
        Field handlers = promise.getClass().getDeclaredField("handlers");
        handlers.setAccessible(true);
        return ((Collection<?>) handlers.get(promise)).size();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @WorkflowInterface
  public interface Sleeper {
    /** Sleeps an hour in a scope of its own; returns "woke" when the sleep ended by itself. */
    @WorkflowMethod
    String sleep();
  }

  public static class SleeperImpl implements Sleeper {
    @Override
    public String sleep() {
      return new OwnScopes()
          .call(
              () -> {
                Workflow.sleep(Duration.ofHours(1));
                return "woke";
              });
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(CallerImpl.class, SleeperImpl.class)
          .setActivityImplementations(new EchoImpl())
          .build();

  @Test
  void givenCallsThatEnded_whenTheRunGoesOn_itsScopeKeepsNoHandlerOfThem(
      WorkflowClient client, Worker worker) {
    assertThat(caller(client, worker).callAndCount(50, true)).isLessThanOrEqualTo(1);
    // the same calls straight in the run's scope leave one handler each
    assertThat(caller(client, worker).callAndCount(50, false)).isGreaterThanOrEqualTo(50);
  }

  @Test
  void givenWorkInAScopeOfItsOwn_whenTheConversationIsCancelled_theWorkIsCancelled(
      WorkflowClient client, Worker worker) throws InterruptedException {
    Sleeper sleeper =
        client.newWorkflowStub(
            Sleeper.class,
            WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
    String workflowId = WorkflowClient.start(sleeper::sleep).getWorkflowId();
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!has(client, workflowId, EventType.EVENT_TYPE_TIMER_STARTED)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(String.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(has(client, workflowId, EventType.EVENT_TYPE_TIMER_CANCELED)).isTrue();
  }

  private static boolean has(WorkflowClient client, String workflowId, EventType type) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .anyMatch(e -> e.getEventType() == type);
  }

  private static Caller caller(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        Caller.class, WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
  }
}
