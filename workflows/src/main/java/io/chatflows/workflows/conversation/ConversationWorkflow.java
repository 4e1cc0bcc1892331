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

  @QueryMethod
  ConversationView view();
}
