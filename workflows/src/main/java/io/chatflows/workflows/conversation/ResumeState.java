package io.chatflows.workflows.conversation;

import java.util.List;

/**
 * Where and how a run takes up a conversation that another run started: the one mechanism behind
 * continue-as-new, the embedded default's restart recovery, and moving a conversation to a node.
 * The input's {@code variables}, {@code attributes}, {@code tags} and {@code lastInboundAt} carry
 * the rest of its state; the conversation id stays the same, so button payloads of earlier sends
 * still name it.
 *
 * <p>Two modes, told apart by {@code waitDeadline}: above 0, the conversation <em>waits</em> at
 * {@code nodeId} again without sending its message again, on the remaining time {@code waitDeadline
 * − now} (already past: the node's timeout output is taken at once); 0, it <em>enters</em> {@code
 * nodeId} and runs it, sending its message.
 *
 * @param nodeId the node to resume at
 * @param waitingMessageId the message the conversation waits on a reply to
 * @param sendSeq the number of the last send, which button payloads refer to; new sends continue
 *     after it, so their idempotency keys never meet earlier ones
 * @param waitDeadline epoch millis at which the current wait times out (0 when not waiting)
 * @param nextSeq the next step sequence number
 * @param lastReply the contact's last reply that took an edge
 * @param seenKeys de-duplication keys of events already handled
 * @param pending events received but not yet handled
 * @param reprompts the re-prompts the current wait has sent (0 in runs continued by earlier code)
 * @param waitSendSeq the send the current wait is on, which button payloads refer to (0 in runs
 *     continued by earlier code: {@code sendSeq})
 * @param cause why another run took the conversation up, recorded as a {@code resumed} step ({@code
 *     restart}); null for continue-as-new, which records nothing
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
    int waitSendSeq,
    String cause) {

  /** Why the embedded default re-created a conversation after a restart. */
  public static final String RESTART = "restart";

  public ResumeState {
    seenKeys = seenKeys == null ? List.of() : List.copyOf(seenKeys);
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  /** A state taken up for {@code cause}, before any re-prompt of its wait. */
  public ResumeState(
      String nodeId,
      String waitingMessageId,
      int sendSeq,
      long waitDeadline,
      int nextSeq,
      String lastReply,
      List<String> seenKeys,
      List<InboundEvent> pending,
      String cause) {
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
        0,
        cause);
  }

  /** A continue-as-new state (no cause). */
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
        0,
        null);
  }

  /** Whether the run waits at {@code nodeId} again rather than entering it. */
  public boolean waiting() {
    return waitDeadline > 0;
  }
}
