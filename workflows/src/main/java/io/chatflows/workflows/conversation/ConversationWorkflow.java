package io.chatflows.workflows.conversation;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
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

  /**
   * Sends an agent's message to the contact of a conversation with an agent; rejected when it is
   * not with an agent, refused ({@link AgentErrors}) when the contact's 24-hour window is closed.
   */
  @UpdateMethod
  AgentOutcome agentSend(AgentMessage message);

  @UpdateValidatorMethod(updateName = "agentSend")
  void checkAgentSend(AgentMessage message);

  /**
   * Continues the flow at {@code nodeId} of the conversation's version, or along the handoff node's
   * {@code resumed} output when {@code null}; rejected when it is not with an agent, refused when
   * the node is unknown.
   */
  @UpdateMethod
  AgentOutcome agentResume(String nodeId);

  @UpdateValidatorMethod(updateName = "agentResume")
  void checkAgentResume(String nodeId);

  /** Ends a conversation with an agent: it completes. */
  @UpdateMethod
  AgentOutcome agentEnd();

  @UpdateValidatorMethod(updateName = "agentEnd")
  void checkAgentEnd();

  @QueryMethod
  ConversationView view();

  /**
   * Whether this conversation took the contact's message {@code messageId}: it started the
   * conversation, or arrived as a reply (handled or still queued). Answered by closed runs too, so
   * a redelivery can tell whether a hand-over whose answer was lost reached the conversation.
   */
  @QueryMethod
  boolean seen(String messageId);
}
