package io.chatflows.workflows.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a conversation can go: cycles that never wait for the contact, unreachable nodes. */
final class GraphPaths {

  private GraphPaths() {}

  /**
   * Nodes that wait for the contact: those whose kind always waits, and those that wait when they
   * have an edge a reply takes ({@code button_click}, {@code text_reply}) and have one.
   */
  static Set<String> waitingNodes(FlowGraph graph, Map<String, GraphNode> nodes) {
    Set<String> waiting = new HashSet<>();
    for (GraphNode node : nodes.values()) {
      if (node.kind().waits() == NodeKind.Waits.ALWAYS) {
        waiting.add(node.nodeId());
      }
    }
    for (GraphEdge edge : graph.edges()) {
      GraphNode source = edge.source() == null ? null : nodes.get(edge.source());
      if (source != null
          && source.kind().waits() == NodeKind.Waits.WITH_REPLY_EDGES
          && edge.trigger() != null
          && edge.trigger().waitsForContact()) {
        waiting.add(source.nodeId());
      }
    }
    return waiting;
  }

  /** Reports every cycle through nodes none of which waits for the contact (Tarjan's SCCs). */
  static void spinningCycles(
      FlowGraph graph, Map<String, GraphNode> nodes, Set<String> waiting, List<Problem> problems) {
    Map<String, List<String>> next = new HashMap<>();
    for (GraphEdge edge : graph.edges()) {
      if (edge.source() != null
          && edge.target() != null
          && nodes.containsKey(edge.source())
          && nodes.containsKey(edge.target())
          && !waiting.contains(edge.source())
          && !waiting.contains(edge.target())) {
        next.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge.target());
      }
    }
    for (List<String> component : new Tarjan(nodes.keySet(), next).components()) {
      String first = component.get(0);
      boolean selfLoop = next.getOrDefault(first, List.of()).contains(first);
      if (component.size() > 1 || selfLoop) {
        problems.add(
            Problem.error(
                "spinning_cycle",
                "nodes " + component + " form a cycle that never waits for the contact",
                first,
                null));
      }
    }
  }

  static void unreachable(
      FlowGraph graph, Map<String, GraphNode> nodes, String start, List<Problem> problems) {
    Map<String, List<String>> targets = new HashMap<>();
    for (GraphEdge edge : graph.edges()) {
      if (edge.source() != null && edge.target() != null && nodes.containsKey(edge.target())) {
        targets.computeIfAbsent(edge.source(), k -> new ArrayList<>()).add(edge.target());
      }
    }
    Set<String> seen = new HashSet<>(List.of(start));
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      for (String target : targets.getOrDefault(todo.poll(), List.of())) {
        if (seen.add(target)) {
          todo.add(target);
        }
      }
    }
    for (String nodeId : nodes.keySet()) {
      if (!seen.contains(nodeId)) {
        problems.add(
            Problem.warning(
                "unreachable_node",
                "node " + nodeId + " cannot be reached from the start node",
                nodeId,
                null));
      }
    }
  }

  /** Strongly connected components, iteratively, in a deterministic order. */
  private static final class Tarjan {
    private final Map<String, List<String>> next;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<List<String>> components = new ArrayList<>();
    private final Set<String> vertices;
    private int counter;

    Tarjan(Set<String> vertices, Map<String, List<String>> next) {
      this.vertices = vertices;
      this.next = next;
    }

    List<List<String>> components() {
      for (String v : vertices) {
        if (!index.containsKey(v)) {
          strongConnect(v);
        }
      }
      return components;
    }

    private void strongConnect(String root) {
      Deque<Object[]> work = new ArrayDeque<>();
      visit(root);
      work.push(new Object[] {root, 0});
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        String v = (String) frame[0];
        List<String> successors = next.getOrDefault(v, List.of());
        int i = (Integer) frame[1];
        if (i < successors.size()) {
          frame[1] = i + 1;
          String w = successors.get(i);
          if (!index.containsKey(w)) {
            visit(w);
            work.push(new Object[] {w, 0});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = (String) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          List<String> component = new ArrayList<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            component.add(0, w);
          } while (!w.equals(v));
          components.add(component);
        }
      }
    }

    private void visit(String v) {
      index.put(v, counter);
      low.put(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
    }
  }
}
