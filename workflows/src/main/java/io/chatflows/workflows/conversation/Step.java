package io.chatflows.workflows.conversation;

/**
 * One entry of a conversation's step history.
 *
 * @param seq position in the history, from 0
 * @param kind what happened, see {@link StepKind}
 * @param nodeId the node it concerns
 * @param edgeId the edge taken, for {@code edge_taken}
 * @param trigger the trigger of the edge taken, or what a reply was recognised as
 * @param detail reply text, message id, error code or action outcome
 * @param at workflow time in epoch milliseconds
 */
public record Step(
    int seq, String kind, String nodeId, String edgeId, String trigger, String detail, long at) {

  /** A step at a node that concerns no edge and no trigger. */
  public static Step atNode(int seq, String kind, String nodeId, String detail, long at) {
    return new Step(seq, kind, nodeId, null, null, detail, at);
  }
}
