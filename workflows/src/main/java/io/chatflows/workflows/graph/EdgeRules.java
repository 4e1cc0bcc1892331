package io.chatflows.workflows.graph;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks every edge: ids, its ends, its trigger against the outputs its source's kind declares,
 * button values against the source's template, operators and patterns of rules.
 */
final class EdgeRules {

  private EdgeRules() {}

  static void check(
      FlowGraph graph,
      Map<String, GraphNode> nodes,
      Map<String, TemplateSpec> templates,
      List<Problem> problems) {
    Set<String> edgeIds = new HashSet<>();
    Set<String> triggers = new HashSet<>();
    for (GraphEdge edge : graph.edges()) {
      String id = edge.edgeId();
      if (id == null || id.isBlank()) {
        problems.add(Problem.error("missing_edge_id", "an edge has no id", null, null));
      } else if (!edgeIds.add(id)) {
        problems.add(
            Problem.error("duplicate_edge_id", "edge id " + id + " is used twice", null, id));
      }
      GraphNode source = edge.source() == null ? null : nodes.get(edge.source());
      if (source == null) {
        problems.add(
            Problem.error(
                "missing_source_node",
                "the edge's source node " + edge.source() + " does not exist",
                null,
                id));
      }
      if (edge.target() == null || !nodes.containsKey(edge.target())) {
        problems.add(
            Problem.error(
                "missing_target_node",
                "the edge's target node " + edge.target() + " does not exist",
                null,
                id));
      }
      if (edge.trigger() == null) {
        problems.add(
            Problem.error(
                "unknown_trigger",
                "trigger '"
                    + edge.rawTrigger()
                    + "' is not one of "
                    + Arrays.stream(Trigger.values()).map(Trigger::wireName).toList(),
                edge.source(),
                id));
        continue;
      }
      String value =
          edge.triggerValue() == null ? "" : edge.triggerValue().trim().toLowerCase(Locale.ROOT);
      String operator = edge.operator() == null ? "" : edge.operator();
      if (!triggers.add(
          edge.source() + "\u0000" + edge.trigger() + "\u0000" + operator + "\u0000" + value)) {
        problems.add(
            Problem.error(
                "duplicate_trigger",
                "another edge of node " + edge.source() + " has the same trigger and value",
                edge.source(),
                id));
      }
      if (source != null) {
        trigger(edge, source, templates.get(source.nodeId()), problems);
      }
    }
  }

  private static void trigger(
      GraphEdge edge, GraphNode source, TemplateSpec template, List<Problem> problems) {
    String id = edge.edgeId();
    Trigger trigger = edge.trigger();
    if (!source.kind().hasOutput(trigger)) {
      if (trigger == Trigger.DEFAULT || (trigger == Trigger.DELIVERY_FAILED && isAction(source))) {
        // Saved by flows before outputs were declared: harmless, so not refused.
        problems.add(
            Problem.warning(
                "edge_never_taken",
                "a " + source.kind().id() + " node never takes a " + trigger.wireName() + " edge",
                source.nodeId(),
                id));
      } else {
        problems.add(
            Problem.error(
                trigger == Trigger.CONDITION ? "trigger_needs_condition" : "trigger_needs_template",
                trigger.wireName() + " edges leave " + kindsWith(trigger) + " nodes only",
                source.nodeId(),
                id));
      }
    } else if (trigger == Trigger.BUTTON_CLICK
        && template != null
        && !template.hasButton(String.valueOf(edge.triggerValue()))) {
      problems.add(
          Problem.error(
              "unknown_button",
              "'"
                  + edge.triggerValue()
                  + "' is not a button of template "
                  + template.name()
                  + " "
                  + template.buttons(),
              source.nodeId(),
              id));
    }
    if (trigger == Trigger.CONDITION) {
      operator(edge, source, problems);
    }
  }

  private static void operator(GraphEdge edge, GraphNode source, List<Problem> problems) {
    Operator operator = edge.comparison();
    if (operator == null) {
      problems.add(
          Problem.error(
              "unknown_operator",
              "operator '"
                  + edge.operator()
                  + "' is not one of "
                  + Arrays.stream(Operator.values()).map(Operator::wireName).toList(),
              source.nodeId(),
              edge.edgeId()));
      return;
    }
    String problem = operator.valueProblem(edge.triggerValue());
    if (problem != null) {
      problems.add(Problem.error("invalid_regex", problem, source.nodeId(), edge.edgeId()));
    }
  }

  private static boolean isAction(GraphNode node) {
    return ActionNode.TYPE.equals(node.nodeType());
  }

  /** The kinds that declare an output with this trigger, for messages. */
  private static String kindsWith(Trigger trigger) {
    return NodeKinds.all().stream()
        .filter(kind -> kind.hasOutput(trigger))
        .map(NodeKind::id)
        .collect(Collectors.joining(" or "));
  }
}
