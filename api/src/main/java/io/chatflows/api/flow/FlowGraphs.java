package io.chatflows.api.flow;

import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowGraphParser;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import java.util.List;
import java.util.Objects;

/** Parses stored {@code flow_data} text into the graph model of the workflows module. */
public final class FlowGraphs {

  private FlowGraphs() {}

  public static FlowGraph parse(String flowData) {
    return FlowGraphParser.parseJson(flowData);
  }

  /** The resource ids of the graph's nodes that have a graph id, one per node view. */
  static List<String> nodeKeys(String flowId, FlowGraph graph) {
    return graph.nodes().stream()
        .map(GraphNode::nodeId)
        .filter(Objects::nonNull)
        .map(id -> GraphIds.nodeId(flowId, id))
        .toList();
  }

  /** The resource ids of the graph's edges that have a graph id, one per edge view. */
  static List<String> edgeKeys(String flowId, FlowGraph graph) {
    return graph.edges().stream()
        .map(GraphEdge::edgeId)
        .filter(Objects::nonNull)
        .map(id -> GraphIds.edgeId(flowId, id))
        .toList();
  }
}
