package io.chatflows.workflows.conversation;

import io.temporal.client.WorkflowClient;

/** How clients signal a conversation: through the typed workflow stub, never by signal name. */
public final class ConversationSignals {

  private ConversationSignals() {}

  /**
   * Hands a reply, click or delivery failure to the conversation running as {@code workflowId} (its
   * latest run). Throws Temporal's {@code WorkflowNotFoundException} when none runs.
   */
  public static void inbound(WorkflowClient client, String workflowId, InboundEvent event) {
    client.newWorkflowStub(ConversationWorkflow.class, workflowId).inbound(event);
  }

  /**
   * Whether the latest run of {@code workflowId}, running or closed, took the contact's message
   * {@code messageId} ({@link ConversationWorkflow#seen}). Throws Temporal's {@code
   * WorkflowNotFoundException} when the id never ran.
   */
  public static boolean seen(WorkflowClient client, String workflowId, String messageId) {
    return client.newWorkflowStub(ConversationWorkflow.class, workflowId).seen(messageId);
  }

  /**
   * Asks the conversation running as {@code workflowId} (its latest run) to move; a run of another
   * conversation ignores it. Throws Temporal's {@code WorkflowNotFoundException} when none runs.
   */
  public static void moveTo(WorkflowClient client, String workflowId, MoveRequest request) {
    client.newWorkflowStub(ConversationWorkflow.class, workflowId).moveTo(request);
  }
}
