package io.chatflows.workflows.conversation;

import java.util.List;

/**
 * What a conversation carries across continue-as-new.
 *
 * @param nodeId the node to resume at
 * @param waitingMessageId the message the conversation waits on a reply to
 * @param sendSeq the number of the last send, which button payloads refer to
 * @param waitDeadline epoch millis at which the current wait times out (0 when not waiting)
 * @param nextSeq the next step sequence number
 * @param seenKeys de-duplication keys of events already handled
 * @param pending events received but not yet handled
 * @param reprompts the re-prompts the current wait has sent (0 in runs continued by earlier code)
 * @param waitSendSeq the send the current wait is on, which button payloads refer to (0 in runs
 *     continued by earlier code: {@code sendSeq})
 */
public record ResumeState(
    String nodeId,
    String waitingMessageId,
    int sendSeq,
    long waitDeadline,
    int nextSeq,
    String lastReply,
    List<String> seenKeys,
    List<InboundEvent> pending,
    int reprompts,
    int waitSendSeq) {

  public ResumeState(
      String nodeId,
      String waitingMessageId,
      int sendSeq,
      long waitDeadline,
      int nextSeq,
      String lastReply,
      List<String> seenKeys,
      List<InboundEvent> pending) {
    this(
        nodeId,
        waitingMessageId,
        sendSeq,
        waitDeadline,
        nextSeq,
        lastReply,
        seenKeys,
        pending,
        0,
        0);
  }
}
