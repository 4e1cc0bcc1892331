package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.graph.GraphNode;

/**
 * Runs one kind of node (workflow code: see the determinism rules of the module README).
 *
 * @param <N> the node kind's record
 */
@FunctionalInterface
interface NodeHandler<N extends GraphNode> {

  /** What the conversation does after the node: follow an edge, or end. */
  Next run(N node, Visit visit);
}
