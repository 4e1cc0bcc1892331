package io.chatflows.workflows.graph;

import java.util.List;

/** The normalized view of a builder graph: its nodes and edges in the order the builder sent. */
public record FlowGraph(List<GraphNode> nodes, List<GraphEdge> edges) {

  public FlowGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
