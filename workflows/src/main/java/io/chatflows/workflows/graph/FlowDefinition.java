package io.chatflows.workflows.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable snapshot a conversation runs on: one version of a flow with its templates resolved.
 * It travels as workflow input, so edits to the flow never reach running conversations.
 *
 * @param nodes the typed nodes, without their layout
 * @param templates the template of each template node, keyed by node id
 * @param replyTimeoutSeconds the flow's default wait for a reply
 */
public record FlowDefinition(
    String flowId,
    int version,
    String startNodeId,
    long replyTimeoutSeconds,
    List<GraphNode> nodes,
    List<GraphEdge> edges,
    Map<String, TemplateSpec> templates) {

  /** Used when neither the node nor the flow sets a reply timeout (spec §4). */
  public static final long DEFAULT_REPLY_TIMEOUT_SECONDS = 24 * 60 * 60;

  public FlowDefinition {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    templates = Map.copyOf(templates);
  }

  public Optional<GraphNode> node(String nodeId) {
    return nodes.stream().filter(n -> nodeId.equals(n.nodeId())).findFirst();
  }

  /** Outgoing edges of a node in the order the builder saved them: the evaluation order. */
  public List<GraphEdge> outgoing(String nodeId) {
    return edges.stream().filter(e -> nodeId.equals(e.source())).toList();
  }
}
