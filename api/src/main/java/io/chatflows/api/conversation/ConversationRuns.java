package io.chatflows.api.conversation;

import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.ConversationInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * Addresses one conversation in Temporal. A contact's conversations on a business number share one
 * workflow id, so a conversation is the workflow id together with the run id its start returned:
 * the first run of its continue-as-new chain, which the projection keeps as {@code runId}. Cancel
 * and terminate name that chain ({@code first_execution_run_id}); Temporal refuses them when the
 * workflow id now runs another chain, so they never reach another conversation of the contact.
 * (Signals cannot name a chain: an event meant for one conversation carries its id instead, see
 * {@code InboundEvent#conversationId}.)
 */
@Service
public class ConversationRuns {

  private static final long DEADLINE_SECONDS = 10;

  private final WorkflowClient temporal;

  public ConversationRuns(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  /**
   * The run a workflow id currently names.
   *
   * @param chain the first run id of its continue-as-new chain: the conversation it belongs to
   */
  public record CurrentRun(String runId, String chain, boolean running) {}

  /** The latest run of the workflow id, if Temporal has one. */
  public Optional<CurrentRun> current(String workflowId) {
    try {
      WorkflowExecutionInfo info =
          stub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo();
      String runId = info.getExecution().getRunId();
      return Optional.of(
          new CurrentRun(
              runId,
              info.getFirstRunId().isEmpty() ? runId : info.getFirstRunId(),
              info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The run the conversation's chain is at now (a continue-as-new moves it on), when its workflow
   * id is running that chain.
   */
  public Optional<String> currentRunOf(String workflowId, String chain) {
    return current(workflowId)
        .filter(r -> r.running() && r.chain().equals(chain))
        .map(CurrentRun::runId);
  }

  /** Whether the conversation's chain is the one its workflow id is running now. */
  public boolean isRunning(String workflowId, String chain) {
    return current(workflowId).filter(r -> r.running() && r.chain().equals(chain)).isPresent();
  }

  /**
   * The chain of a conversation whose run id the projection does not know (the process that started
   * it stopped before recording it): the chain the workflow id is running, when that chain's first
   * input is this conversation.
   */
  public Optional<String> findChain(ConversationDocument conversation) {
    Optional<CurrentRun> current = current(conversation.workflowId()).filter(CurrentRun::running);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    String chain = current.get().chain();
    List<HistoryEvent> first =
        stub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(namespace())
                    .setExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId(conversation.workflowId())
                            .setRunId(chain))
                    .setMaximumPageSize(1)
                    .build())
            .getHistory()
            .getEventsList();
    if (first.isEmpty() || !first.get(0).hasWorkflowExecutionStartedEventAttributes()) {
      return Optional.empty();
    }
    Payloads input = first.get(0).getWorkflowExecutionStartedEventAttributes().getInput();
    ConversationInput started =
        temporal
            .getOptions()
            .getDataConverter()
            .fromPayloads(0, Optional.of(input), ConversationInput.class, ConversationInput.class);
    return conversation.id().equals(started.conversationId())
        ? Optional.of(chain)
        : Optional.empty();
  }

  /**
   * Requests cancellation of exactly this chain.
   *
   * @throws StatusRuntimeException {@code NOT_FOUND} when the chain is not the workflow id's
   */
  public void cancel(String workflowId, String chain, String reason) {
    stub()
        .requestCancelWorkflowExecution(
            RequestCancelWorkflowExecutionRequest.newBuilder()
                .setNamespace(namespace())
                .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .setFirstExecutionRunId(chain)
                .setIdentity(temporal.getOptions().getIdentity())
                .setRequestId(UUID.randomUUID().toString())
                .setReason(reason)
                .build());
  }

  /**
   * Terminates exactly this chain.
   *
   * @return whether it was terminated ({@code false}: the chain had already ended or was replaced)
   */
  public boolean terminate(String workflowId, String chain, String reason) {
    try {
      stub()
          .terminateWorkflowExecution(
              TerminateWorkflowExecutionRequest.newBuilder()
                  .setNamespace(namespace())
                  .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .setFirstExecutionRunId(chain)
                  .setIdentity(temporal.getOptions().getIdentity())
                  .setReason(reason)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private WorkflowServiceGrpc.WorkflowServiceBlockingStub stub() {
    return temporal
        .getWorkflowServiceStubs()
        .blockingStub()
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private String namespace() {
    return temporal.getOptions().getNamespace();
  }
}
