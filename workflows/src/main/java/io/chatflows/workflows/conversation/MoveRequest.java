package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.FlowDefinition;
import java.util.Map;

/**
 * Moves a running conversation to a node, perhaps of another version of its flow: the conversation
 * takes it up when it waits for the contact (at once when it waits already; one in the middle of a
 * step at its next wait) and continues as new there with its variables, tags, send number and
 * window.
 *
 * @param requestId names the request: a conversation applies each request id once, however often it
 *     is signalled
 * @param conversationId the conversation meant; a run of another conversation of the same workflow
 *     id (the contact started a new one) ignores the request
 * @param flow the flow version to run from then on; null keeps the current one
 * @param mapping where each node of the current version goes ({@link #nodeId} null): the node the
 *     conversation waits at is looked up in it; one without an entry stays where it is
 * @param nodeId the node to go to, whatever node it waits at; null to use {@code mapping}
 * @param mode whether the conversation waits at the target again or enters it
 * @param cause recorded with the {@code resumed} step of the new run: {@link #MIGRATED} or {@link
 *     #MOVED}
 */
public record MoveRequest(
    String requestId,
    String conversationId,
    FlowDefinition flow,
    Map<String, String> mapping,
    String nodeId,
    Mode mode,
    String cause) {

  /** The cause of a move to another version along a node mapping. */
  public static final String MIGRATED = "migrated";

  /** The cause of a move to a chosen node. */
  public static final String MOVED = "moved";

  public MoveRequest {
    mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    mode = mode == null ? Mode.WAIT : mode;
  }

  /** What the conversation does at its target node. */
  public enum Mode {
    /**
     * Waits there again without sending anything, on the remaining time of the wait it was in; a
     * click on the message it waited on is matched against the target's edges. A target that does
     * not wait for the contact is entered.
     */
    WAIT,
    /** Enters the target and runs it, sending its message. */
    ENTER
  }

  /** Where a conversation waiting at {@code currentNodeId} goes; null: nowhere (it stays). */
  public String targetOf(String currentNodeId) {
    return nodeId != null ? nodeId : mapping.get(currentNodeId);
  }
}
