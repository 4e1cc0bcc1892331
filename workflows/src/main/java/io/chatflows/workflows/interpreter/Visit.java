package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.Trigger;
import java.util.List;

/**
 * One visit of a node by the interpreter: what its handler runs with.
 *
 * @param edges the node's outgoing edges, in the order the builder saved them
 * @param resumingWait the run resumes a wait at this node (after continue-as-new): nothing is sent
 *     again and the wait keeps its deadline
 * @param alreadySent the node's message was sent before the conversation started (it was started by
 *     a click on it)
 */
record Visit(
    Interpreter interpreter, List<GraphEdge> edges, boolean resumingWait, boolean alreadySent) {

  ConversationState state() {
    return interpreter.state();
  }

  Steps steps() {
    return interpreter.state().steps;
  }

  /** The first edge with {@code trigger}, or {@code null}. */
  GraphEdge first(Trigger trigger) {
    return edges.stream().filter(e -> e.trigger() == trigger).findFirst().orElse(null);
  }

  /** Along the node's {@code default} edge (none: the conversation completes). */
  Next next() {
    return Next.to(first(Trigger.DEFAULT));
  }

  /** Along the edge with {@code trigger}, else end as {@code orElse} for {@code reason}. */
  Next follow(Trigger trigger, ConversationStatus orElse, String reason) {
    GraphEdge edge = first(trigger);
    return edge != null ? Next.to(edge) : Next.end(orElse, reason);
  }
}
