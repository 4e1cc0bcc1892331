package io.chatflows.workflows.graph;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every node's and edge's fields: each node's against its kind's declared {@link Field}s and
 * rules (required fields, types, ranges from {@link Limits}, bounds of names and texts, storable
 * names, known placeholders), the ids, labels and values of edges. Each violation names the node
 * (or edge) and the field. Also warns of variables the flow reads but no node sets.
 */
final class FieldRules {

  private FieldRules() {}

  static void check(FlowGraph graph, List<Problem> problems) {
    Map<String, Problem> unset = new LinkedHashMap<>();
    Set<String> set = new LinkedHashSet<>();
    for (GraphNode node : graph.nodes()) {
      FieldCheck check =
          new FieldCheck(
              node.nodeId(),
              null,
              problems,
              (name, field) -> unset.putIfAbsent(name, unsetVariable(name, node.nodeId(), field)));
      if (node.nodeId() != null) {
        check.text("id", node.nodeId(), Field.Rule.NAME, Limits.ID_LENGTH);
      }
      node.kind().check(node, check);
      set.addAll(node.variablesSet());
    }
    for (GraphEdge edge : graph.edges()) {
      FieldCheck check = new FieldCheck(edge.source(), edge.edgeId(), problems, (name, f) -> {});
      if (edge.edgeId() != null) {
        check.text("id", edge.edgeId(), Field.Rule.NAME, Limits.ID_LENGTH);
      }
      if (edge.label() != null && !edge.label().isEmpty()) {
        check.text("label", edge.label(), Field.Rule.NAME, Limits.VALUE_LENGTH);
      }
      check.text("trigger_value", edge.triggerValue(), Field.Rule.TEXT, Limits.VALUE_LENGTH);
    }
    unset.keySet().removeAll(set);
    problems.addAll(unset.values());
  }

  private static Problem unsetVariable(String name, String nodeId, String field) {
    return Problem.fieldWarning(
        "unset_variable",
        field
            + " reads variable "
            + name
            + ", which no node of this flow sets: it must be given when the conversation starts",
        nodeId,
        field);
  }
}
