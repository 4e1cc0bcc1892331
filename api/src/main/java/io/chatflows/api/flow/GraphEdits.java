package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.FlowGraph;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The shared mechanics of {@code /nodes/} and {@code /edges/}: both are views of the flow's one
 * graph ({@code flow_data}), so every change is a small read-modify-write of the flow document that
 * bumps its version, makes a snapshot and is validated like any save, retried when another writer
 * got there first.
 */
@Component
class GraphEdits {

  /** The flow as saved and the graph id of the node or edge the change concerned. */
  record Edited(FlowDocument flow, String graphId) {}

  private final FlowService service;
  private final FlowStore flows;

  GraphEdits(FlowService service, FlowStore flows) {
    this.service = service;
    this.flows = flows;
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
          return new Edited(service.store(workspace, flow.withGraph(graph.json()), true), graphId);
        });
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

  /**
   * A page of nodes or edges: of one flow, or of all the workspace's flows (oldest flow first, each
   * in graph order), reading only the graphs the page covers.
   */
  <T> PageResponse<T> page(
      Workspace workspace,
      String flowId,
      PageResponse.Paging paging,
      HttpServletRequest request,
      Function<FlowDocument, List<String>> keys,
      BiFunction<FlowDocument, FlowGraph, List<T>> views) {
    List<FlowDocument> heads =
        flowId == null
            ? flows.keysOfAll(workspace.id())
            : List.of(referencedFlow(workspace, flowId));
    long count = 0;
    List<T> results = new ArrayList<>();
    long from = paging.offset();
    long to = from + paging.pageSize();
    for (FlowDocument head : heads) {
      int size = keys.apply(head) == null ? 0 : keys.apply(head).size();
      if (count + size > from && count < to) {
        List<T> all =
            flows
                .find(workspace.id(), head.id())
                .map(flow -> views.apply(flow, FlowGraphs.parse(flow.flowData())))
                .orElse(List.of());
        int start = (int) Math.max(0, from - count);
        int end = (int) Math.min(all.size(), to - count);
        if (start < end) {
          results.addAll(all.subList(start, end));
        }
      }
      count += size;
    }
    return PageResponse.of(results, count, paging, request);
  }
}
