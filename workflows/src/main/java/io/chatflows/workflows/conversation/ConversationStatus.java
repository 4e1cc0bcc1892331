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
  INTERRUPTED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The wire names of the open statuses ({@link #isOpen()}), for queries of open conversations. */
  public static final List<String> OPEN =
      Arrays.stream(values()).filter(ConversationStatus::isOpen).map(s -> s.wireName()).toList();

  /** Running or waiting: the conversation's workflow is (or should be) running. */
  public boolean isOpen() {
    return this == RUNNING || this == WAITING;
  }
}
