package io.chatflows.workflows.conversation;

/** The kinds of {@link Step}; constants rather than an enum so old histories keep replaying. */
public final class StepKind {
  public static final String NODE_ENTERED = "node_entered";
  public static final String MESSAGE_SENT = "message_sent";

  /** A send that needed more than one attempt (429, 5xx, timeouts): detail "attempt N after Xs". */
  public static final String SEND_RETRIED = "send_retried";

  public static final String SEND_FAILED = "send_failed";
  public static final String REPLY = "reply";
  public static final String UNMATCHED_REPLY = "unmatched_reply";
  public static final String STALE_CLICK = "stale_click";
  public static final String DUPLICATE = "duplicate";
  public static final String EDGE_TAKEN = "edge_taken";
  public static final String ACTION = "action";
  public static final String ENDED = "ended";

  /**
   * A session message not sent because the contact's 24-hour window was closed; detail: when the
   * contact last wrote (epoch milliseconds, 0: not known to have written).
   */
  public static final String WINDOW_CLOSED = "window_closed";

  /**
   * A value of the flow version outside its documented range (or a name that cannot be stored): the
   * conversation used the nearest value in range, or skipped the name. Detail says which.
   */
  public static final String INVALID_VALUE = "invalid_value";

  /** A message of the contact while it was with an agent: forwarded to the handoff webhook. */
  public static final String TO_AGENT = "to_agent";

  /** A message an agent sent to the contact; detail: its text, or the media's caption or link. */
  public static final String FROM_AGENT = "from_agent";

  /**
   * A handoff ended: trigger {@code resumed}, {@code ended} or {@code timeout}; detail: the seconds
   * the conversation spent with an agent.
   */
  public static final String HANDOFF_ENDED = "handoff_ended";

  /**
   * A new run took the conversation up at this node, waiting there again or entering it; detail:
   * why ({@code restart}: the embedded default re-created it after a restart).
   */
  public static final String RESUMED = "resumed";

  private StepKind() {}
}
