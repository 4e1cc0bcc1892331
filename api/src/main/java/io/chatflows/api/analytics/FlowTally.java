package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.EdgeReport;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replays the recorded step histories of one flow's conversations into per-node and per-edge
 * counts. A history alternates {@code node_entered} and {@code edge_taken}, so a node's entries are
 * its exits plus the conversations that are (or ended) there, and the entries of a node are the
 * edges taken into it plus the conversations that started there.
 */
final class FlowTally {

  /** Mutable counts of one node. */
  static final class NodeCounts {
    String type;
    long starts;
    long entered;
    long exited;
    long active;
    long unmatched;
    long stale;
    long rejected;
    final Map<String, Long> ended = new TreeMap<>();
  }

  /** Mutable counts of one edge. */
  static final class EdgeCounts {
    String source;
    String target;
    String trigger;
    long taken;
  }

  private static final List<String> NOT_DROPPED = List.of("completed", "handed_off");

  final StatusTally statuses = new StatusTally();
  private final Map<String, NodeCounts> nodes = new LinkedHashMap<>();
  private final Map<String, EdgeCounts> edges = new LinkedHashMap<>();
  private long unmatched;
  private long stale;

  void add(ConversationDocument conversation) {
    statuses.add(conversation);
    String position = null;
    Step previous = null;
    EdgeCounts arriving = null;
    for (Step step : conversation.steps() == null ? List.<Step>of() : conversation.steps()) {
      NodeCounts node = node(step.nodeId());
      switch (step.kind()) {
        case StepKind.NODE_ENTERED -> {
          node.type = node.type != null ? node.type : step.detail();
          node.entered++;
          node.starts += position == null ? 1 : 0;
          if (arriving != null && arriving.target == null) {
            arriving.target = step.nodeId();
          }
          arriving = null;
          position = step.nodeId();
        }
        case StepKind.EDGE_TAKEN -> {
          node.exited++;
          arriving = edges.computeIfAbsent(String.valueOf(step.edgeId()), id -> new EdgeCounts());
          arriving.source = arriving.source != null ? arriving.source : step.nodeId();
          arriving.trigger = arriving.trigger != null ? arriving.trigger : step.trigger();
          arriving.taken++;
        }
        case StepKind.UNMATCHED_REPLY -> {
          node.unmatched++;
          unmatched++;
        }
        case StepKind.STALE_CLICK -> {
          node.stale++;
          stale++;
        }
        case StepKind.SEND_FAILED -> {
          boolean atSend =
              previous != null
                  && StepKind.NODE_ENTERED.equals(previous.kind())
                  && Objects.equals(previous.nodeId(), step.nodeId());
          node.rejected += atSend ? 1 : 0;
        }
        default -> {}
      }
      previous = step;
    }
    if (position != null) {
      NodeCounts at = node(position);
      if (conversation.isOpen()) {
        at.active++;
      } else {
        at.ended.merge(conversation.status().wireName(), 1L, Long::sum);
      }
    }
  }

  long unmatched() {
    return unmatched;
  }

  long stale() {
    return stale;
  }

  /** The counts of every node that was entered, by node id, in the order first seen. */
  Map<String, NodeCounts> nodeCounts() {
    return nodes;
  }

  /** Nodes of the graph in the builder's order, then nodes only the histories know. */
  List<NodeReport> nodes(FlowGraph graph) {
    List<NodeReport> out = new ArrayList<>();
    Map<String, NodeCounts> left = new LinkedHashMap<>(nodes);
    for (GraphNode node : graph == null ? List.<GraphNode>of() : graph.nodes()) {
      NodeCounts counts = left.remove(node.nodeId());
      out.add(report(node.nodeId(), node.nodeType(), label(node), counts));
    }
    left.forEach((id, counts) -> out.add(report(id, counts.type, null, counts)));
    return out;
  }

  /** Edges of the graph in the builder's order, then edges only the histories know. */
  List<EdgeReport> edges(FlowGraph graph) {
    List<EdgeReport> out = new ArrayList<>();
    Map<String, EdgeCounts> left = new LinkedHashMap<>(edges);
    for (GraphEdge edge : graph == null ? List.<GraphEdge>of() : graph.edges()) {
      EdgeCounts counts = left.remove(edge.edgeId());
      String trigger = edge.trigger() != null ? edge.trigger().wireName() : edge.rawTrigger();
      out.add(
          new EdgeReport(
              edge.edgeId(),
              edge.source(),
              edge.target(),
              trigger,
              edge.triggerValue(),
              edge.label(),
              counts == null ? 0 : counts.taken));
    }
    left.forEach(
        (id, c) -> out.add(new EdgeReport(id, c.source, c.target, c.trigger, null, null, c.taken)));
    return out;
  }

  private NodeCounts node(String nodeId) {
    return nodes.computeIfAbsent(String.valueOf(nodeId), id -> new NodeCounts());
  }

  private static NodeReport report(String id, String type, String label, NodeCounts counts) {
    NodeCounts c = counts != null ? counts : new NodeCounts();
    long dropped =
        c.ended.entrySet().stream()
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
        Collections.unmodifiableMap(new TreeMap<>(c.ended)),
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
