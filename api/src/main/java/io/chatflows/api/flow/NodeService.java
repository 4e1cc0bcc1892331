package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.GraphPayloads.NodeRequest;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.FlowGraph;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Nodes as resources: each change edits the node inside its flow's {@code flow_data}. */
@Service
class NodeService extends GraphItems<NodeView, NodeRequest> {

  NodeService(FlowService service, FlowStore flows) {
    super("node", service, flows);
  }

  /** Appends a ReactFlow node {@code {id, type, position, data}} to the flow's graph. */
  @Override
  NodeView create(Workspace workspace, NodeRequest request) {
    required(request.nodeType(), "node_type");
    request.check();
    JsonNode position = object(request.position(), "position");
    JsonNode data = object(request.data(), "data");
    return saved(
        edit(
            workspace,
            () -> referencedFlow(workspace, request.flow()),
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
            }));
  }

  /** Replaces the node's type, position and data where the request gives them. */
  @Override
  NodeView update(Workspace workspace, String id, NodeRequest request) {
    request.check();
    JsonNode position = object(request.position(), "position");
    JsonNode data = object(request.data(), "data");
    return saved(
        edit(
            workspace,
            () -> holder(workspace, id),
            (flow, graph) -> {
              String nodeId = view(flow, id).nodeId();
              immutable(request.flow(), flow.id(), "flow");
              immutable(request.nodeId(), nodeId, "node_id");
              ObjectNode node = graph.node(nodeId).orElseThrow(this::notFound);
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
            }));
  }

  @Override
  List<String> keys(FlowDocument flow) {
    return flow.nodeKeys();
  }

  @Override
  Optional<FlowDocument> holder(String workspaceId, String id) {
    return flows.findByNodeKey(workspaceId, id);
  }

  @Override
  List<NodeView> views(FlowDocument flow, FlowGraph graph) {
    return graph.nodes().stream()
        .filter(n -> n.nodeId() != null)
        .map(n -> NodeView.of(flow.id(), n))
        .toList();
  }

  /** Removes the node and the edges from and to it. */
  @Override
  void remove(GraphEditor graph, String graphId) {
    graph.removeNode(graphId);
  }

  private static ObjectNode defaultPosition() {
    ObjectNode position = GraphEditor.object();
    position.put("x", 0);
    position.put("y", 0);
    return position;
  }
}
