package io.chatflows.api.flow;

import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What a version changed against the version before it, by graph id, each list in graph order
 * (removed ones in the earlier graph's order). A node is changed when its type or {@code data}
 * differs; moving it on the canvas ({@code position}) is no change. An edge is changed when its
 * source, target, trigger, trigger value, operator or label differs.
 *
 * @param settingsChanged the start template or the default reply timeout differs
 */
@Schema(description = "What the version changed against the version before it, by graph id")
public record VersionSummary(
    List<String> nodesAdded,
    List<String> nodesRemoved,
    List<String> nodesChanged,
    List<String> edgesAdded,
    List<String> edgesRemoved,
    List<String> edgesChanged,
    boolean settingsChanged) {

  /** The summary of a first version: everything in it is added. */
  static VersionSummary first(FlowGraph graph) {
    return between(null, graph, false);
  }

  static VersionSummary between(FlowGraph before, FlowGraph after, boolean settingsChanged) {
    List<List<String>> nodes =
        diff(
            before == null ? List.of() : before.nodes(),
            after.nodes(),
            GraphNode::nodeId,
            (a, b) ->
                Objects.equals(a.nodeType(), b.nodeType()) && Objects.equals(a.data(), b.data()));
    List<List<String>> edges =
        diff(
            before == null ? List.of() : before.edges(),
            after.edges(),
            GraphEdge::edgeId,
            (a, b) ->
                Objects.equals(a.source(), b.source())
                    && Objects.equals(a.target(), b.target())
                    && Objects.equals(a.rawTrigger(), b.rawTrigger())
                    && Objects.equals(a.triggerValue(), b.triggerValue())
                    && Objects.equals(a.operator(), b.operator())
                    && Objects.equals(a.label(), b.label()));
    return new VersionSummary(
        nodes.get(0),
        nodes.get(1),
        nodes.get(2),
        edges.get(0),
        edges.get(1),
        edges.get(2),
        settingsChanged);
  }

  /** Whether the version changed nothing at all (only positions or unknown keys, say). */
  boolean isEmpty() {
    return nodesAdded.isEmpty()
        && nodesRemoved.isEmpty()
        && nodesChanged.isEmpty()
        && edgesAdded.isEmpty()
        && edgesRemoved.isEmpty()
        && edgesChanged.isEmpty()
        && !settingsChanged;
  }

  /** Added, removed and changed ids; items without an id cannot be told apart and are skipped. */
  private static <T> List<List<String>> diff(
      List<T> before, List<T> after, Function<T, String> id, BiPredicate<T, T> same) {
    Map<String, T> earlier = byId(before, id);
    Map<String, T> later = byId(after, id);
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    later.forEach(
        (key, item) -> {
          T old = earlier.get(key);
          if (old == null) {
            added.add(key);
          } else if (!same.test(old, item)) {
            changed.add(key);
          }
        });
    List<String> removed =
        earlier.keySet().stream().filter(key -> !later.containsKey(key)).toList();
    return List.of(List.copyOf(added), removed, List.copyOf(changed));
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      if (id.apply(item) != null) {
        map.putIfAbsent(id.apply(item), item);
      }
    }
    return map;
  }
}
