package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.GraphPayloads.EdgeRequest;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowGraphParser;
import io.chatflows.workflows.graph.GraphEdge;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/** Edges as resources: each change edits the edge inside its flow's {@code flow_data}. */
@Service
class EdgeService extends GraphItems<EdgeView, EdgeRequest> {

  EdgeService(FlowService service, FlowStore flows) {
    super("edge", service, flows);
  }

  /** Appends a ReactFlow edge {@code {id, source, target, label?, data: {trigger, ...}}}. */
  @Override
  EdgeView create(Workspace workspace, EdgeRequest request) {
    required(request.sourceNode(), "source_node");
    required(request.targetNode(), "target_node");
    request.check();
    return saved(
        edit(
            workspace,
            () -> referencedFlow(workspace, request.flow()),
            (flow, graph) -> {
              String edgeId = request.edgeId() == null ? graph.nextId("edge") : request.edgeId();
              if (edgeId.isBlank() || graph.edge(edgeId).isPresent()) {
                throw ApiException.invalidField(
                    HttpStatus.CONFLICT,
                    "duplicate_edge_id",
                    "edge_id",
                    "the flow already has an edge " + edgeId);
              }
              existing(graph, request.sourceNode(), "source_node");
              existing(graph, request.targetNode(), "target_node");
              ObjectNode edge = GraphEditor.object();
              edge.put("id", edgeId);
              edge.put("source", request.sourceNode());
              edge.put("target", request.targetNode());
              if (request.label() != null) {
                edge.put("label", request.label());
              }
              GraphEdge derived = FlowGraphParser.edgeWithLabel(request.label());
              ObjectNode data = edge.putObject("data");
              if (request.trigger() == null) {
                data.put("trigger", derived.rawTrigger());
                putIfGiven(
                    data,
                    "trigger_value",
                    request.triggerValue() != null
                        ? request.triggerValue()
                        : derived.triggerValue());
              } else {
                data.put("trigger", request.trigger());
                putIfGiven(data, "trigger_value", request.triggerValue());
              }
              putIfGiven(data, "operator", request.operator());
              graph.addEdge(edge);
              return edgeId;
            }));
  }

  /** Changes the fields the request gives; the edge's other keys stay as the builder wrote them. */
  @Override
  EdgeView update(Workspace workspace, String id, EdgeRequest request) {
    request.check();
    return saved(
        edit(
            workspace,
            () -> holder(workspace, id),
            (flow, graph) -> {
              EdgeView current = view(flow, id);
              immutable(request.flow(), flow.id(), "flow");
              immutable(request.edgeId(), current.edgeId(), "edge_id");
              ObjectNode edge = graph.edge(current.edgeId()).orElseThrow(this::notFound);
              if (request.sourceNode() != null) {
                edge.put("source", existing(graph, request.sourceNode(), "source_node"));
              }
              if (request.targetNode() != null) {
                edge.put("target", existing(graph, request.targetNode(), "target_node"));
              }
              if (request.label() != null) {
                edge.put("label", request.label());
              }
              if (request.trigger() != null
                  || request.triggerValue() != null
                  || request.operator() != null) {
                ObjectNode data =
                    edge.get("data") instanceof ObjectNode object ? object : edge.putObject("data");
                data.put(
                    "trigger", request.trigger() != null ? request.trigger() : current.trigger());
                putIfGiven(data, "trigger_value", request.triggerValue());
                putIfGiven(data, "operator", request.operator());
              }
              return current.edgeId();
            }));
  }

  @Override
  List<String> keys(FlowDocument flow) {
    return flow.edgeKeys();
  }

  @Override
  Optional<FlowDocument> holder(String workspaceId, String id) {
    return flows.findByEdgeKey(workspaceId, id);
  }

  @Override
  List<EdgeView> views(FlowDocument flow, FlowGraph graph) {
    return graph.edges().stream()
        .filter(e -> e.edgeId() != null)
        .map(e -> EdgeView.of(flow.id(), e))
        .toList();
  }

  @Override
  void remove(GraphEditor graph, String graphId) {
    graph.removeEdge(graphId);
  }

  private static String existing(GraphEditor graph, String nodeId, String field) {
    if (graph.node(nodeId).isEmpty()) {
      throw ApiException.invalidField(
          "unknown_" + field, field, field + " " + nodeId + " is not a node of this flow");
    }
    return nodeId;
  }

  private static void putIfGiven(ObjectNode data, String field, String value) {
    if (value != null) {
      data.put(field, value);
    }
  }
}
