package io.chatflows.workflows.conversation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One contact's conversation on one business number, interpreting one flow version. */
@WorkflowInterface
public interface ConversationWorkflow {

  @WorkflowMethod
  ConversationStatus run(ConversationInput input);

  /** A reply, button click or delivery failure for this conversation; duplicates are ignored. */
  @SignalMethod
  void inbound(InboundEvent event);

  /**
   * Moves the conversation to a node, perhaps of another version, when it next waits for the
   * contact; a request id it applied or holds already is ignored.
   */
  @SignalMethod
  void moveTo(MoveRequest request);

  @QueryMethod
  ConversationView view();
}
