package io.chatflows.workflows.conversation;

/**
 * What a conversation's projection keeps, beyond its node, status, wait deadline and variables, so
 * that a new run can take the conversation up where the projection shows it ({@link ResumeState}):
 * the embedded default re-creates its conversations from it after a restart.
 *
 * @param sendSeq the number of the last send: button payloads of that send carry it, so a click on
 *     them still matches, and new sends continue after it (their idempotency keys never collide)
 * @param waitingMessageId the message the conversation waits on a reply to (null when none)
 * @param lastReply the contact's last reply that took an edge ({@code {{last_reply}}})
 * @param waitSendSeq the send the current wait is on when re-prompts were sent after it (0: {@code
 *     sendSeq})
 * @param reprompts the re-prompts the current wait has sent
 */
public record ResumePoint(
    int sendSeq,
    String waitingMessageId,
    String lastReply,
    Integer waitSendSeq,
    Integer reprompts) {

  /** Points stored without re-prompt fields (no re-prompt since the wait began) read as 0. */
  public ResumePoint {
    waitSendSeq = waitSendSeq == null ? 0 : waitSendSeq;
    reprompts = reprompts == null ? 0 : reprompts;
  }

  /** A point of a wait that has sent no re-prompt. */
  public ResumePoint(int sendSeq, String waitingMessageId, String lastReply) {
    this(sendSeq, waitingMessageId, lastReply, 0, 0);
  }

  /** This point, waiting on {@code messageId} (sent with send number {@code seq}). */
  public ResumePoint waitingOn(String messageId) {
    return new ResumePoint(sendSeq, messageId, lastReply, waitSendSeq, reprompts);
  }
}
