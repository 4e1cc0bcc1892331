package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.EdgeReport;
import io.chatflows.api.analytics.AnalyticsPayloads.MessageReport;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.store.analytics.CountedState;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flow's counts as the report's node, edge and message rows, named by the flow's graph: the
 * graph's nodes and edges in the builder's order, then those only the counts know, by id.
 */
final class FlowReports {

  private static final List<String> NOT_DROPPED = List.of("completed", "handed_off");

  private FlowReports() {}

  static List<NodeReport> nodes(FlowCounts counts, FlowGraph graph) {
    List<NodeReport> out = new ArrayList<>();
    Map<String, FlowCounts.NodeCounts> left = new TreeMap<>(counts.nodes);
    for (GraphNode node : graph == null ? List.<GraphNode>of() : graph.nodes()) {
      FlowCounts.NodeCounts c = left.remove(node.nodeId());
      out.add(report(node.nodeId(), node.nodeType(), label(node), c));
    }
    left.forEach((id, c) -> out.add(report(id, c.type, null, c)));
    return out;
  }

  static List<EdgeReport> edges(FlowCounts counts, FlowGraph graph) {
    List<EdgeReport> out = new ArrayList<>();
    Map<String, FlowCounts.EdgeCounts> left = new TreeMap<>(counts.edges);
    for (GraphEdge edge : graph == null ? List.<GraphEdge>of() : graph.edges()) {
      FlowCounts.EdgeCounts c = left.remove(edge.edgeId());
      String trigger = edge.trigger() != null ? edge.trigger().wireName() : edge.rawTrigger();
      out.add(
          new EdgeReport(
              edge.edgeId(),
              edge.source(),
              edge.target(),
              trigger,
              edge.triggerValue(),
              edge.label(),
              c == null ? 0 : c.taken));
    }
    left.forEach(
        (id, c) -> out.add(new EdgeReport(id, c.source, c.target, c.trigger, null, null, c.taken)));
    return out;
  }

  /**
   * One row per node and kind, in the order of {@code nodes}, then nodes only the messages know;
   * sends refused at a node count as {@code rejected} of the kind its type sends.
   */
  static List<MessageReport> messages(FlowCounts counts, List<NodeReport> nodes) {
    Map<String, FlowCounts.MessageCounts> byKey = new TreeMap<>();
    counts.messages.forEach(
        (key, m) -> {
          if (m.sent != 0 || m.delivered != 0 || m.read != 0 || m.failed != 0) {
            byKey.put(key, m);
          }
        });
    Map<String, Long> rejected = new TreeMap<>();
    counts.nodes.forEach(
        (id, n) -> {
          if (n.rejected > 0) {
            String key = id + "|" + CountedState.kindOfSend(n.type);
            rejected.put(key, n.rejected);
            byKey.computeIfAbsent(key, k -> new FlowCounts.MessageCounts());
          }
        });
    List<MessageReport> out = new ArrayList<>();
    List<String> order = new ArrayList<>(nodes.stream().map(NodeReport::nodeId).toList());
    byKey.keySet().forEach(key -> order.add(key.substring(0, key.lastIndexOf('|'))));
    for (String nodeId : order) {
      for (String kind : List.of("template", "text")) {
        String key = nodeId + "|" + kind;
        FlowCounts.MessageCounts c = byKey.remove(key);
        if (c != null) {
          out.add(
              new MessageReport(
                  nodeId,
                  kind,
                  c.templateName,
                  c.sent,
                  c.delivered,
                  c.read,
                  c.failed,
                  rejected.getOrDefault(key, 0L)));
        }
      }
    }
    return out;
  }

  private static NodeReport report(
      String id, String type, String label, FlowCounts.NodeCounts counts) {
    FlowCounts.NodeCounts c = counts != null ? counts : new FlowCounts.NodeCounts();
    Map<String, Long> ended = new TreeMap<>();
    c.ended.forEach(
        (status, n) -> {
          if (n != 0) {
            ended.put(status, n);
          }
        });
    long dropped =
        ended.entrySet().stream()
            .filter(e -> !NOT_DROPPED.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    return new NodeReport(
        id,
        type != null ? type : c.type,
        label,
        c.starts,
        c.entered,
        c.exited,
        c.active,
        Collections.unmodifiableMap(ended),
        dropped,
        StatusTally.ratio(dropped, c.entered),
        c.unmatched,
        c.stale);
  }

  /** What the builder shows on a node: its label, else its template or action. */
  private static String label(GraphNode node) {
    for (String key : List.of("label", "template_name", "action")) {
      if (node.data() != null && node.data().hasNonNull(key)) {
        return node.data().get(key).asText();
      }
    }
    return null;
  }
}
