package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a conversation stands. {@code INTERRUPTED} is set by reconciliation, never by a workflow.
 */
public enum ConversationStatus {
  RUNNING,
  WAITING,
  COMPLETED,
  TIMED_OUT,
  FAILED,
  CANCELLED,
  HANDED_OFF,
  /**
   * Paused with an agent at a handoff node: the contact's messages go to the agent, not to the
   * flow, until the agent resumes or ends it (or the handoff times out).
   */
  WITH_AGENT,
  /**
   * A session message was due while the contact's 24-hour window was closed, and its node had no
   * {@code window_closed} edge: nothing was sent.
   */
  WINDOW_CLOSED,
  INTERRUPTED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The wire names of the open statuses ({@link #isOpen()}), for queries of open conversations. */
  public static final List<String> OPEN =
      Arrays.stream(values()).filter(ConversationStatus::isOpen).map(s -> s.wireName()).toList();

  /** Running, waiting or with an agent: the conversation's workflow is (or should be) running. */
  public boolean isOpen() {
    return this == RUNNING || this == WAITING || this == WITH_AGENT;
  }
}
