package io.chatflows.workflows.conversation;

/**
 * Guards of a conversation run.
 *
 * @param maxStepsWithoutWait nodes a conversation may enter without waiting for the contact before
 *     it is stopped as {@code failed} (the runaway-loop guard)
 * @param historyEventLimit history length after which the conversation continues as new
 */
public record RunLimits(int maxStepsWithoutWait, int historyEventLimit) {
  public static final RunLimits DEFAULT = new RunLimits(100, 2_000);
}
