package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.GraphPayloads.NodeRequest;
import io.chatflows.api.security.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Nodes as resources: each change edits the node inside its flow's {@code flow_data}. */
@Service
class NodeService {

  private final GraphEdits edits;
  private final FlowStore flows;

  NodeService(GraphEdits edits, FlowStore flows) {
    this.edits = edits;
    this.flows = flows;
  }

  PageResponse<NodeView> list(
      Workspace workspace, String flowId, PageResponse.Paging paging, HttpServletRequest request) {
    return edits.page(
        workspace,
        flowId,
        paging,
        request,
        FlowDocument::nodeKeys,
        (flow, graph) ->
            graph.nodes().stream()
                .filter(n -> n.nodeId() != null)
                .map(n -> NodeView.of(flow.id(), n))
                .toList());
  }

  NodeView get(Workspace workspace, String id) {
    return view(flow(workspace, id), id);
  }

  /** Appends a ReactFlow node {@code {id, type, position, data}} to the flow's graph. */
  NodeView create(Workspace workspace, NodeRequest request) {
    if (request.nodeType() == null || request.nodeType().isBlank()) {
      throw ApiException.invalidField("node_type_required", "node_type", "node_type is required");
    }
    request.check();
    JsonNode position = object(request.position(), "position");
    JsonNode data = object(request.data(), "data");
    GraphEdits.Edited edited =
        edits.edit(
            workspace,
            () -> edits.referencedFlow(workspace, request.flow()),
            (flow, graph) -> {
              String nodeId = request.nodeId() == null ? graph.nextId("node") : request.nodeId();
              if (nodeId.isBlank() || graph.node(nodeId).isPresent()) {
                throw ApiException.invalidField(
                    HttpStatus.CONFLICT,
                    "duplicate_node_id",
                    "node_id",
                    "the flow already has a node " + nodeId);
              }
              ObjectNode node = GraphEditor.object();
              node.put("id", nodeId);
              node.put("type", request.nodeType());
              node.set("position", position == null ? defaultPosition() : position);
              node.set("data", data == null ? GraphEditor.object() : data);
              graph.addNode(node);
              return nodeId;
            });
    return view(edited.flow(), GraphIds.nodeId(edited.flow().id(), edited.graphId()));
  }

  /** Replaces the node's type, position and data where the request gives them. */
  NodeView update(Workspace workspace, String id, NodeRequest request) {
    request.check();
    JsonNode position = object(request.position(), "position");
    JsonNode data = object(request.data(), "data");
    GraphEdits.Edited edited =
        edits.edit(
            workspace,
            () -> flow(workspace, id),
            (flow, graph) -> {
              String nodeId = graphId(flow, id);
              immutable(request.flow(), flow.id(), "flow");
              immutable(request.nodeId(), nodeId, "node_id");
              ObjectNode node = graph.node(nodeId).orElseThrow(() -> notFound());
              if (request.nodeType() != null) {
                node.put("type", request.nodeType());
              }
              if (position != null) {
                node.set("position", position);
              }
              if (data != null) {
                node.set("data", data);
              }
              return nodeId;
            });
    return view(edited.flow(), id);
  }

  /** Deletes the node and the edges from and to it. */
  void delete(Workspace workspace, String id) {
    edits.edit(
        workspace,
        () -> flow(workspace, id),
        (flow, graph) -> {
          String nodeId = graphId(flow, id);
          graph.removeNode(nodeId);
          return nodeId;
        });
  }

  private FlowDocument flow(Workspace workspace, String id) {
    return flows.findByNodeKey(workspace.id(), id).orElseThrow(NodeService::notFound);
  }

  private static String graphId(FlowDocument flow, String id) {
    return FlowGraphs.parse(flow.flowData()).nodes().stream()
        .map(n -> n.nodeId())
        .filter(Objects::nonNull)
        .filter(nodeId -> GraphIds.nodeId(flow.id(), nodeId).equals(id))
        .findFirst()
        .orElseThrow(NodeService::notFound);
  }

  private static NodeView view(FlowDocument flow, String id) {
    return FlowGraphs.parse(flow.flowData()).nodes().stream()
        .filter(n -> n.nodeId() != null && GraphIds.nodeId(flow.id(), n.nodeId()).equals(id))
        .findFirst()
        .map(n -> NodeView.of(flow.id(), n))
        .orElseThrow(NodeService::notFound);
  }

  static JsonNode object(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiException.invalidField("invalid_" + field, field, field + " must be an object");
    }
    return value;
  }

  static void immutable(String given, String current, String field) {
    if (given != null && !given.equals(current)) {
      throw ApiException.invalidField(
          field + "_immutable", field, field + " cannot change (it is " + current + ")");
    }
  }

  private static ObjectNode defaultPosition() {
    ObjectNode position = GraphEditor.object();
    position.put("x", 0);
    position.put("y", 0);
    return position;
  }

  private static ApiException notFound() {
    return ApiException.notFound("node");
  }
}
