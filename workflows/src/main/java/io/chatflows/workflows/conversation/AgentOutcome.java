package io.chatflows.workflows.conversation;

/**
 * What became of an agent's request.
 *
 * @param messageId the WhatsApp id of the message an agent sent ({@code null} for others)
 * @param refused {@code null} when done, else why not ({@link AgentErrors})
 * @param reason the refusal in words
 */
public record AgentOutcome(String messageId, String refused, String reason) {

  public static AgentOutcome done(String messageId) {
    return new AgentOutcome(messageId, null, null);
  }

  public static AgentOutcome refused(String code, String reason) {
    return new AgentOutcome(null, code, reason);
  }
}
