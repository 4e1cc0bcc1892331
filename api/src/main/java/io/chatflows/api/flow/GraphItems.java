package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.flow.FlowPayloads.GraphItemView;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.FlowGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Nodes or edges as resources ({@code /nodes/}, {@code /edges/}): views of the flows' one graph
 * ({@code flow_data}). Every change is a small read-modify-write of the flow document that bumps
 * its version, makes a snapshot and is validated like any save, retried when another writer got
 * there first. A subclass says how its items are found, shown, created, changed and removed.
 *
 * @param <V> the item as answered
 * @param <R> the body of a create or change
 */
abstract class GraphItems<V extends GraphItemView, R> {

  /** The flow as saved and the graph id of the item the change concerned. */
  record Edited(FlowDocument flow, String graphId) {}

  private final String kind;
  private final FlowService service;
  final FlowStore flows;

  GraphItems(String kind, FlowService service, FlowStore flows) {
    this.kind = kind;
    this.service = service;
    this.flows = flows;
  }

  abstract V create(Workspace workspace, R request);

  abstract V update(Workspace workspace, String id, R request);

  /** The resource ids of the flow's items, stored with the flow. */
  abstract List<String> keys(FlowDocument flow);

  /** The flow holding the item with this resource id. */
  abstract Optional<FlowDocument> holder(String workspaceId, String id);

  /** The flow's items that have a graph id, in graph order. */
  abstract List<V> views(FlowDocument flow, FlowGraph graph);

  /** Removes the item with this graph id (and what depends on it) from the graph. */
  abstract void remove(GraphEditor graph, String graphId);

  /**
   * A page of items: of one flow, or of all the workspace's flows (oldest flow first, each in graph
   * order), reading only the graphs the page covers.
   */
  PageResponse<V> list(Workspace workspace, String flowId, Paging paging) {
    List<FlowDocument> heads =
        flowId == null
            ? flows.keysOfAll(workspace.id())
            : List.of(referencedFlow(workspace, flowId));
    long count = 0;
    List<V> results = new ArrayList<>();
    long from = paging.offset();
    long to = from + paging.pageSize();
    for (FlowDocument head : heads) {
      int size = keys(head) == null ? 0 : keys(head).size();
      if (count + size > from && count < to) {
        List<V> all =
            flows
                .find(workspace.id(), head.id())
                .map(flow -> views(flow, FlowGraphs.parse(flow.flowData())))
                .orElse(List.of());
        int start = (int) Math.max(0, from - count);
        int end = (int) Math.min(all.size(), to - count);
        if (start < end) {
          results.addAll(all.subList(start, end));
        }
      }
      count += size;
    }
    return paging.answer(results, count);
  }

  V get(Workspace workspace, String id) {
    return view(holder(workspace, id), id);
  }

  void delete(Workspace workspace, String id) {
    edit(
        workspace,
        () -> holder(workspace, id),
        (flow, graph) -> {
          String graphId = view(flow, id).graphId();
          remove(graph, graphId);
          return graphId;
        });
  }

  /**
   * Applies {@code change} to the graph of the flow {@code locate} reads (again on every attempt)
   * and saves it as the flow's next version.
   */
  Edited edit(
      Workspace workspace,
      Supplier<FlowDocument> locate,
      BiFunction<FlowDocument, GraphEditor, String> change) {
    return Retries.onConflict(
        () -> {
          FlowDocument flow = locate.get();
          GraphEditor graph = GraphEditor.of(flow.flowData());
          String graphId = change.apply(flow, graph);
          return new Edited(service.store(workspace, flow, graph.json()), graphId);
        });
  }

  /** The item's view in the flow as it was just saved. */
  V saved(Edited edited) {
    FlowDocument flow = edited.flow();
    return views(flow, FlowGraphs.parse(flow.flowData())).stream()
        .filter(v -> v.graphId().equals(edited.graphId()))
        .findFirst()
        .orElseThrow(this::notFound);
  }

  /** The flow a request body or filter names; another workspace's flow is unknown here. */
  FlowDocument referencedFlow(Workspace workspace, String flowId) {
    if (flowId == null || flowId.isBlank()) {
      throw ApiException.invalidField("flow_required", "flow", "flow is required");
    }
    return flows
        .find(workspace.id(), flowId)
        .orElseThrow(
            () ->
                ApiException.invalidField("unknown_flow", "flow", "flow " + flowId + " not found"));
  }

  FlowDocument holder(Workspace workspace, String id) {
    return holder(workspace.id(), id).orElseThrow(this::notFound);
  }

  V view(FlowDocument flow, String id) {
    return views(flow, FlowGraphs.parse(flow.flowData())).stream()
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow(this::notFound);
  }

  ApiException notFound() {
    return ApiException.notFound(kind);
  }

  /** A JSON object field of a request; null when absent. */
  static JsonNode object(JsonNode value, String field) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiException.invalidField("invalid_" + field, field, field + " must be an object");
    }
    return value;
  }

  /** A field a change may repeat but not alter. */
  static void immutable(String given, String current, String field) {
    if (given != null && !given.equals(current)) {
      throw ApiException.invalidField(
          field + "_immutable", field, field + " cannot change (it is " + current + ")");
    }
  }

  static void required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalidField(field + "_required", field, field + " is required");
    }
  }
}
