package io.chatflows.workflows.graph;

import io.chatflows.workflows.conversation.ConditionEvaluator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a flow graph against the rules of spec §5 and reports every problem it finds. */
public final class FlowValidator {

  public static final Set<String> NODE_TYPES = Set.of("template", "condition", "action");
  public static final Set<String> ACTIONS =
      Set.of(
          "assign",
          "tag",
          "untag",
          "set_variable",
          "set_attribute",
          "webhook",
          "delay",
          "send_text",
          "end");

  private FlowValidator() {}

  public static List<Problem> validate(
      FlowGraph graph, String startTemplate, FlowCompiler.TemplateCatalog catalog) {
    return validate(graph, startTemplate, 0, catalog);
  }

  /**
   * Validates the graph and the flow's default reply timeout ({@code 0} when the flow sets none).
   */
  public static List<Problem> validate(
      FlowGraph graph,
      String startTemplate,
      long replyTimeoutSeconds,
      FlowCompiler.TemplateCatalog catalog) {
    List<Problem> problems = new ArrayList<>();
    if (replyTimeoutSeconds != 0 && !Limits.REPLY_TIMEOUT_SECONDS.contains(replyTimeoutSeconds)) {
      problems.add(
          Problem.fieldError(
              "out_of_range",
              "settings.reply_timeout_seconds is "
                  + replyTimeoutSeconds
                  + ", outside its range "
                  + Limits.REPLY_TIMEOUT_SECONDS
                  + " (seconds)",
              null,
              null,
              "settings.reply_timeout_seconds"));
    }
    Map<String, GraphNode> nodes = nodes(graph, problems);
    FieldRules.check(graph, problems);
    Map<String, TemplateSpec> templates = templates(nodes, catalog, problems);
    String startNode = startNode(graph, startTemplate, catalog, templates, problems);
    edges(graph, nodes, templates, problems);
    Set<String> waiting = waitingNodes(graph, nodes);
    spinningCycles(graph, nodes, waiting, problems);
    if (startNode != null) {
      unreachable(graph, nodes, startNode, problems);
    }
    return problems;
  }

  private static Map<String, GraphNode> nodes(FlowGraph graph, List<Problem> problems) {
    Map<String, GraphNode> nodes = new LinkedHashMap<>();
    for (GraphNode node : graph.nodes()) {
      if (node.nodeId() == null || node.nodeId().isBlank()) {
        problems.add(Problem.error("missing_node_id", "a node has no id", null, null));
        continue;
      }
      if (nodes.putIfAbsent(node.nodeId(), node) != null) {
        problems.add(
            Problem.error(
                "duplicate_node_id",
                "node id " + node.nodeId() + " is used twice",
                node.nodeId(),
                null));
      }
      if (!NODE_TYPES.contains(String.valueOf(node.nodeType()))) {
        problems.add(
            Problem.error(
                "unknown_node_type",
                "node type '" + node.nodeType() + "' is not template, condition or action",
                node.nodeId(),
                null));
      } else if ("action".equals(node.nodeType())) {
        String action = FlowGraphParser.text(node.data(), "action");
        if (!ACTIONS.contains(String.valueOf(action))) {
          problems.add(
              Problem.error(
                  "unknown_action",
                  "action '" + action + "' is not one of " + ACTIONS,
                  node.nodeId(),
                  null));
        }
      }
    }
    return nodes;
  }

  private static Map<String, TemplateSpec> templates(
      Map<String, GraphNode> nodes, FlowCompiler.TemplateCatalog catalog, List<Problem> problems) {
    Map<String, TemplateSpec> templates = new HashMap<>();
    for (GraphNode node : nodes.values()) {
      if (!"template".equals(node.nodeType())) {
        continue;
      }
      Optional<TemplateSpec> template = FlowCompiler.resolve(node, catalog);
      if (template.isPresent()) {
        templates.put(node.nodeId(), template.get());
      } else {
        problems.add(
            Problem.error(
                "unknown_template", "the node's template does not exist", node.nodeId(), null));
      }
    }
    return templates;
  }

  private static String startNode(
      FlowGraph graph,
      String startTemplate,
      FlowCompiler.TemplateCatalog catalog,
      Map<String, TemplateSpec> templates,
      List<Problem> problems) {
    if (startTemplate == null || startTemplate.isBlank()) {
      problems.add(
          Problem.error("missing_start_template", "start_template is required", null, null));
      return null;
    }
    if (catalog.byId(startTemplate).isEmpty()) {
      problems.add(
          Problem.error(
              "unknown_start_template",
              "start_template " + startTemplate + " does not exist",
              null,
              null));
      return null;
    }
    for (GraphNode node : graph.nodes()) {
      TemplateSpec template = node.nodeId() == null ? null : templates.get(node.nodeId());
      if (template != null && template.id().equals(startTemplate)) {
        return node.nodeId();
      }
    }
    problems.add(
        Problem.error("no_start_node", "no template node sends the start template", null, null));
    return null;
  }

  private static void edges(
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
                "trigger '" + edge.rawTrigger() + "' is not known",
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
        triggerRules(edge, source, templates.get(source.nodeId()), problems);
      }
    }
  }

  private static void triggerRules(
      GraphEdge edge, GraphNode source, TemplateSpec template, List<Problem> problems) {
    String id = edge.edgeId();
    switch (edge.trigger()) {
      case BUTTON_CLICK -> {
        if (!"template".equals(source.nodeType())) {
          problems.add(
              Problem.error(
                  "trigger_needs_template",
                  "button_click edges leave template nodes only",
                  source.nodeId(),
                  id));
        } else if (template != null
            && template.buttons().stream()
                .noneMatch(
                    b -> b.trim().equalsIgnoreCase(String.valueOf(edge.triggerValue()).trim()))) {
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
      }
      case TEXT_REPLY, TIMEOUT, DELIVERY_FAILED -> {
        if (!"template".equals(source.nodeType())
            && !(edge.trigger() == Trigger.DELIVERY_FAILED && "action".equals(source.nodeType()))) {
          problems.add(
              Problem.error(
                  "trigger_needs_template",
                  edge.trigger().wireName() + " edges leave template nodes only",
                  source.nodeId(),
                  id));
        }
      }
      case CONDITION -> {
        if (!"condition".equals(source.nodeType())) {
          problems.add(
              Problem.error(
                  "trigger_needs_condition",
                  "condition edges leave condition nodes only",
                  source.nodeId(),
                  id));
        }
        String operator = edge.operator() == null ? "equals" : edge.operator();
        if (!ConditionEvaluator.OPERATORS.contains(operator)) {
          problems.add(
              Problem.error(
                  "unknown_operator",
                  "operator '" + operator + "' is not one of " + ConditionEvaluator.OPERATORS,
                  source.nodeId(),
                  id));
        } else if (operator.equals("matches")) {
          try {
            Pattern.compile(String.valueOf(edge.triggerValue()));
          } catch (PatternSyntaxException e) {
            problems.add(
                Problem.error(
                    "invalid_regex",
                    "'" + edge.triggerValue() + "' is not a valid regular expression",
                    source.nodeId(),
                    id));
          }
        }
      }
      case DEFAULT -> {}
    }
  }

  /** Template nodes that wait for the contact: they have a button_click or text_reply edge. */
  static Set<String> waitingNodes(FlowGraph graph, Map<String, GraphNode> nodes) {
    Set<String> waiting = new HashSet<>();
    for (GraphEdge edge : graph.edges()) {
      GraphNode source = edge.source() == null ? null : nodes.get(edge.source());
      if (source != null
          && "template".equals(source.nodeType())
          && edge.trigger() != null
          && edge.trigger().waitsForContact()) {
        waiting.add(source.nodeId());
      }
    }
    return waiting;
  }

  /** Reports every cycle through nodes none of which waits for the contact (Tarjan's SCCs). */
  private static void spinningCycles(
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

  private static void unreachable(
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
