package io.chatflows.workflows.conversation;

/**
 * Why a conversation refused an agent's request. {@link #NOT_WITH_AGENT} rejects the update (its
 * validator: nothing is written to the history); the others are the {@code refused} of an {@link
 * AgentOutcome}, as the client can read an outcome but not a rejected update's sealed failure.
 */
public final class AgentErrors {

  /** The conversation is not with an agent. */
  public static final String NOT_WITH_AGENT = "not_with_agent";

  /** The contact has not written in the last 24 hours: WhatsApp would refuse a session message. */
  public static final String WINDOW_CLOSED = "window_closed";

  /** The node to resume at is not a node of the conversation's flow version. */
  public static final String UNKNOWN_NODE = "unknown_node";

  /** WhatsApp did not accept the agent's message; it is recorded as {@code send_failed}. */
  public static final String SEND_FAILED = "send_failed";

  private AgentErrors() {}
}
