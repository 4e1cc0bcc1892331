package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.GraphPayloads.EdgeRequest;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.GraphEdge;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

/** Edges as resources: each change edits the edge inside its flow's {@code flow_data}. */
@Service
class EdgeService {

  private final GraphEdits edits;
  private final FlowStore flows;

  EdgeService(GraphEdits edits, FlowStore flows) {
    this.edits = edits;
    this.flows = flows;
  }

  PageResponse<EdgeView> list(
      Workspace workspace, String flowId, PageResponse.Paging paging, HttpServletRequest request) {
    return edits.page(
        workspace,
        flowId,
        paging,
        request,
        FlowDocument::edgeKeys,
        (flow, graph) ->
            graph.edges().stream()
                .filter(e -> e.edgeId() != null)
                .map(e -> EdgeView.of(flow.id(), e))
                .toList());
  }

  EdgeView get(Workspace workspace, String id) {
    FlowDocument flow = flow(workspace, id);
    return EdgeView.of(flow.id(), edge(flow, id));
  }

  /** Appends a ReactFlow edge {@code {id, source, target, label?, data: {trigger, ...}}}. */
  EdgeView create(Workspace workspace, EdgeRequest request) {
    required(request.sourceNode(), "source_node");
    required(request.targetNode(), "target_node");
    request.check();
    GraphEdits.Edited edited =
        edits.edit(
            workspace,
            () -> edits.referencedFlow(workspace, request.flow()),
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
              GraphEdge derived = fromLabel(request.label());
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
            });
    FlowDocument flow = edited.flow();
    return EdgeView.of(flow.id(), edge(flow, GraphIds.edgeId(flow.id(), edited.graphId())));
  }

  /** Changes the fields the request gives; the edge's other keys stay as the builder wrote them. */
  EdgeView update(Workspace workspace, String id, EdgeRequest request) {
    request.check();
    GraphEdits.Edited edited =
        edits.edit(
            workspace,
            () -> flow(workspace, id),
            (flow, graph) -> {
              GraphEdge current = edge(flow, id);
              NodeService.immutable(request.flow(), flow.id(), "flow");
              NodeService.immutable(request.edgeId(), current.edgeId(), "edge_id");
              ObjectNode edge =
                  graph.edge(current.edgeId()).orElseThrow(() -> ApiException.notFound("edge"));
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
                    "trigger",
                    request.trigger() != null ? request.trigger() : current.rawTrigger());
                putIfGiven(data, "trigger_value", request.triggerValue());
                putIfGiven(data, "operator", request.operator());
              }
              return current.edgeId();
            });
    return EdgeView.of(edited.flow().id(), edge(edited.flow(), id));
  }

  void delete(Workspace workspace, String id) {
    edits.edit(
        workspace,
        () -> flow(workspace, id),
        (flow, graph) -> {
          String edgeId = edge(flow, id).edgeId();
          graph.removeEdge(edgeId);
          return edgeId;
        });
  }

  private FlowDocument flow(Workspace workspace, String id) {
    return flows.findByEdgeKey(workspace.id(), id).orElseThrow(() -> ApiException.notFound("edge"));
  }

  private static GraphEdge edge(FlowDocument flow, String id) {
    return FlowGraphs.parse(flow.flowData()).edges().stream()
        .filter(e -> e.edgeId() != null && GraphIds.edgeId(flow.id(), e.edgeId()).equals(id))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("edge"));
  }

  /**
   * The trigger and value an edge with only this label has (spec §2): {@code Button: <text>} is a
   * {@code button_click} on {@code <text>}, anything else {@code default}.
   */
  private static GraphEdge fromLabel(String label) {
    ObjectNode probe = GraphEditor.object();
    probe.put("label", label);
    return FlowGraphs.parse("{\"edges\":[" + probe + "]}").edges().get(0);
  }

  private static String existing(GraphEditor graph, String nodeId, String field) {
    if (graph.node(nodeId).isEmpty()) {
      throw ApiException.invalidField(
          "unknown_" + field, field, field + " " + nodeId + " is not a node of this flow");
    }
    return nodeId;
  }

  private static void required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField(field + "_required", field, field + " is required");
    }
  }

  private static void putIfGiven(ObjectNode data, String field, String value) {
    if (value != null) {
      data.put(field, value);
    }
  }
}
