package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every conversation test needs: a time-skipping test server with the conversation workflow
 * and a fresh {@link FakeActivities}, and a handle to start, signal and query a conversation.
 */
abstract class ConversationTestSupport {

  private static final Set<EventType> AT_REST =
      EnumSet.of(
          EventType.EVENT_TYPE_TIMER_STARTED,
          EventType.EVENT_TYPE_TIMER_CANCELED,
          EventType.EVENT_TYPE_MARKER_RECORDED,
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);

  private static final Set<EventType> CLOSED =
      EnumSet.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);

  static final ContactRef ADA = new ContactRef("15550001111", "Ada", "contact-key-ada");

  @RegisterExtension
  static final TestWorkflowExtension temporal = extension(ConversationWorkflowImpl.class);

  TestWorkflowEnvironment testEnv;
  WorkflowClient client;
  Worker worker;
  FakeActivities activities;

  /** A started-later test server on which the search attributes conversations upsert exist. */
  static TestWorkflowExtension extension(Class<?> workflowImpl) {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(workflowImpl)
            .setDoNotStart(true);
    SearchAttributes.ALL.forEach(builder::registerSearchAttribute);
    return builder.build();
  }

  @BeforeEach
  void startWorker(TestWorkflowEnvironment testEnv, WorkflowClient client, Worker worker) {
    this.testEnv = testEnv;
    this.client = client;
    this.worker = worker;
    this.activities = new FakeActivities();
    worker.registerActivitiesImplementations(activities);
    testEnv.start();
  }

  Conversation start(FlowDefinition flow) {
    return start(input(flow, Map.of(), Map.of(), List.of(), null, null));
  }

  Conversation start(ConversationInput input) {
    return start(client, worker.getTaskQueue(), input);
  }

  Conversation start(WorkflowClient client, String taskQueue, ConversationInput input) {
    ConversationWorkflow workflow =
        client.newWorkflowStub(
            ConversationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(
                    ConversationIds.workflowId(
                        input.workspaceId(), input.channelId(), input.contact().key()))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(workflow::run, input);
    return new Conversation(
        client, input.conversationId(), workflow, WorkflowStub.fromTyped(workflow));
  }

  static ConversationInput input(
      FlowDefinition flow,
      Map<String, String> variables,
      Map<String, String> attributes,
      List<String> tags,
      RunLimits limits,
      InboundEvent trigger) {
    String conversationId = UUID.randomUUID().toString();
    return new ConversationInput(
        conversationId,
        "ws-1",
        "channel-1",
        new ContactRef(ADA.waId(), ADA.name(), "contact-" + conversationId),
        flow,
        variables,
        attributes,
        tags,
        limits,
        trigger,
        null);
  }

  /**
   * {@code input} as a start that knows when the contact last wrote and what message started it.
   */
  static ConversationInput startingWith(
      ConversationInput input, long lastInboundAt, String startedBy) {
    return new ConversationInput(
        input.conversationId(),
        input.workspaceId(),
        input.channelId(),
        input.contact(),
        input.flow(),
        input.variables(),
        input.attributes(),
        input.tags(),
        input.limits(),
        input.trigger(),
        input.resume(),
        lastInboundAt,
        startedBy);
  }

  static List<String> kinds(List<Step> steps) {
    return steps.stream().map(Step::kind).toList();
  }

  /** One running conversation. */
  final class Conversation {
    final String id;
    final ConversationWorkflow workflow;
    final WorkflowStub stub;
    private final WorkflowClient client;
    private final AtomicInteger inboundIds = new AtomicInteger();

    Conversation(
        WorkflowClient client, String id, ConversationWorkflow workflow, WorkflowStub stub) {
      this.client = client;
      this.id = id;
      this.workflow = workflow;
      this.stub = stub;
    }

    /** A quick-reply click as WhatsApp's {@code button} message reports it: text only. */
    String click(String text) {
      return signal(InboundEvent.button(nextInboundId(), text, null, null));
    }

    String click(String text, String payload, String contextMessageId) {
      return signal(InboundEvent.button(nextInboundId(), text, payload, contextMessageId));
    }

    String text(String body) {
      return signal(InboundEvent.text(nextInboundId(), body));
    }

    String signal(InboundEvent event) {
      workflow.inbound(event);
      return event.messageId();
    }

    String nextInboundId() {
      return "wamid.in-" + inboundIds.incrementAndGet();
    }

    /** The payload we put on button {@code index} of send number {@code sendSeq}. */
    String payload(int sendSeq, int index) {
      return ConversationIds.buttonPayload(id, sendSeq, index);
    }

    ConversationStatus result() {
      return stub.getResult(ConversationStatus.class);
    }

    ConversationView view() {
      return workflow.view();
    }

    String workflowId() {
      return stub.getExecution().getWorkflowId();
    }

    /** The id of the conversation's latest run (a continue-as-new starts a new one). */
    String latestRunId() {
      return client.newUntypedWorkflowStub(workflowId()).describe().getExecution().getRunId();
    }

    /** The history of the conversation's latest run. */
    WorkflowExecutionHistory history() {
      return client.fetchHistory(workflowId());
    }

    /**
     * Waits (in real time, so no timer fires) until the latest run has handled everything and waits
     * on a timer: for the contact's reply, or a delay. Polls the history rather than the query: the
     * test server can lose a query that races with continue-as-new.
     */
    void awaitSettled() {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!settled(history())) {
        assertThat(System.nanoTime()).as("settled within 10 s").isLessThan(deadline);
        sleepBriefly();
      }
    }

    /**
     * A timer is running and the last workflow task completed without scheduling more work: the
     * wait outlives replies that match nothing, so the last event need not be the timer's start.
     */
    private static boolean settled(WorkflowExecutionHistory history) {
      if (!AT_REST.contains(history.getLastEvent().getEventType())) {
        return false;
      }
      Set<Long> running = new HashSet<>();
      for (HistoryEvent event : history.getEvents()) {
        switch (event.getEventType()) {
          case EVENT_TYPE_TIMER_STARTED -> running.add(event.getEventId());
          case EVENT_TYPE_TIMER_FIRED ->
              running.remove(event.getTimerFiredEventAttributes().getStartedEventId());
          case EVENT_TYPE_TIMER_CANCELED ->
              running.remove(event.getTimerCanceledEventAttributes().getStartedEventId());
          default -> {}
        }
      }
      return !running.isEmpty();
    }

    /** Waits (in real time) until the latest run is closed. */
    void awaitClosed() {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!CLOSED.contains(history().getLastEvent().getEventType())) {
        assertThat(System.nanoTime()).as("closed within 10 s").isLessThan(deadline);
        sleepBriefly();
      }
    }

    /** Waits until the conversation waits for a reply at {@code nodeId}; returns its view. */
    ConversationView awaitWaitingAt(String nodeId) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      awaitSettled();
      ConversationView view = view();
      // A send that outlasts its workflow task (a loaded machine) shows the run busy in between.
      while (view.status() == ConversationStatus.RUNNING && System.nanoTime() < deadline) {
        sleepBriefly();
        awaitSettled();
        view = view();
      }
      assertThat(view.status()).isEqualTo(ConversationStatus.WAITING);
      assertThat(view.currentNodeId()).isEqualTo(nodeId);
      assertThat(activities.steps()).hasSize(view.steps());
      return view;
    }

    private void sleepBriefly() {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
