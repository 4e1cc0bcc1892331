package io.chatflows.workflows.conversation;

/** Names shared by the workflow, the worker and the API. */
public final class ConversationIds {

  /** The task queue conversations run on. */
  public static final String TASK_QUEUE = "chat-flows";

  private static final String BUTTON_PAYLOAD_PREFIX = "cf:";

  private ConversationIds() {}

  /**
   * The workflow id of a contact's conversation on a business number: at most one runs at a time.
   * It holds the contact key, never the phone number.
   */
  public static String workflowId(String workspaceId, String channelId, String contactKey) {
    return "conversation:" + workspaceId + ":" + channelId + ":" + contactKey;
  }

  /** The payload we put on quick-reply button {@code index} of send number {@code sendSeq}. */
  public static String buttonPayload(String conversationId, int sendSeq, int index) {
    return BUTTON_PAYLOAD_PREFIX + conversationId + ":" + sendSeq + ":" + index;
  }

  /** Parses one of our button payloads; {@code null} when the payload is not ours. */
  public static ButtonRef parseButtonPayload(String payload) {
    if (payload == null || !payload.startsWith(BUTTON_PAYLOAD_PREFIX)) {
      return null;
    }
    String[] parts = payload.substring(BUTTON_PAYLOAD_PREFIX.length()).split(":");
    if (parts.length != 3) {
      return null;
    }
    try {
      return new ButtonRef(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** What one of our button payloads points at. */
  public record ButtonRef(String conversationId, int sendSeq, int index) {}
}
