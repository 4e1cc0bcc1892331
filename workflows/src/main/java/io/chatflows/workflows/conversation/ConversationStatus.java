package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonValue;
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

  public boolean isOpen() {
    return this == RUNNING || this == WAITING;
  }
}
