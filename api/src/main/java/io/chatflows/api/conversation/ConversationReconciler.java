package io.chatflows.api.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Brings the conversation projection in line with Temporal: open conversations whose workflow run
 * no longer exists (lost with an in-memory Temporal server) are marked {@code interrupted}.
 */
@Service
public class ConversationReconciler {

  private static final Logger log = LoggerFactory.getLogger(ConversationReconciler.class);
  private static final int BATCH = 500;

  private final ConversationStore conversations;
  private final WorkflowClient temporal;
  private final ConversationMeters meters;

  public ConversationReconciler(
      ConversationStore conversations, WorkflowClient temporal, ConversationMeters meters) {
    this.conversations = conversations;
    this.temporal = temporal;
    this.meters = meters;
  }

  /** Every open conversation is gone (the Temporal server started empty). */
  public long markAllOpenInterrupted() {
    Map<String, Long> byFlow = conversations.countOpenByFlow(null);
    long interrupted = conversations.markOpenAs(ConversationStatus.INTERRUPTED);
    byFlow.forEach((flowId, count) -> meters.ended(flowId, ConversationStatus.INTERRUPTED, count));
    if (interrupted > 0) {
      log.warn(
          "{} conversations were lost with the previous embedded Temporal server; marked interrupted",
          interrupted);
    }
    return interrupted;
  }

  /** Checks each open conversation's run and marks the missing ones; returns how many. */
  public long reconcile() {
    long interrupted = 0;
    List<ConversationDocument> open =
        conversations.list(
            where("status")
                .in(ConversationStatus.RUNNING.wireName(), ConversationStatus.WAITING.wireName()),
            0,
            BATCH);
    for (ConversationDocument conversation : open) {
      if (conversation.runId() != null && !exists(conversation)) {
        conversations.setStatus(conversation.id(), ConversationStatus.INTERRUPTED);
        meters.ended(conversation.flowId(), ConversationStatus.INTERRUPTED, 1);
        interrupted++;
      }
    }
    if (interrupted > 0) {
      log.warn("{} conversations no longer exist in Temporal; marked interrupted", interrupted);
    }
    return interrupted;
  }

  private boolean exists(ConversationDocument conversation) {
    try {
      temporal
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(temporal.getOptions().getNamespace())
                  .setExecution(
                      WorkflowExecution.newBuilder()
                          .setWorkflowId(conversation.workflowId())
                          .setRunId(conversation.runId()))
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
