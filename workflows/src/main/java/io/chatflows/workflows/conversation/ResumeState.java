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
 */
public record ResumeState(
    String nodeId,
    String waitingMessageId,
    int sendSeq,
    long waitDeadline,
    int nextSeq,
    String lastReply,
    List<String> seenKeys,
    List<InboundEvent> pending) {}
