package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a flow graph against the rules of spec §5 and each node kind's declared fields, and
 * reports every problem it finds: errors block activation, warnings do not.
 */
public final class FlowValidator {

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
    FlowCompiler.Resolved templates = FlowCompiler.resolve(graph, startTemplate, catalog);
    templates(nodes, templates.byNode(), problems);
    String startNode = startNode(startTemplate, catalog, templates, problems);
    EdgeRules.check(graph, nodes, templates.byNode(), problems);
    Set<String> waiting = GraphPaths.waitingNodes(graph, nodes);
    GraphPaths.spinningCycles(graph, nodes, waiting, problems);
    if (startNode != null) {
      GraphPaths.unreachable(graph, nodes, startNode, problems);
      GraphPaths.sessionBeforeReply(graph, nodes, startNode, problems);
    }
    return problems;
  }

  /** The nodes by id (the first of an id used twice); reports ids and unknown kinds. */
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
      if (node instanceof UnknownNode unknown) {
        problems.add(unknown(unknown));
      }
    }
    return nodes;
  }

  private static Problem unknown(UnknownNode node) {
    if (node.isAction()) {
      String action = JsonValues.text(node.data(), "action");
      return Problem.fieldError(
          "unknown_action",
          "action '" + action + "' is not one of " + NodeKinds.actions(),
          node.nodeId(),
          null,
          "action");
    }
    return Problem.error(
        "unknown_node_type",
        "node type '" + node.nodeType() + "' is not one of " + NodeKinds.types(),
        node.nodeId(),
        null);
  }

  /** Template nodes whose template does not exist, and parameters the template does not take. */
  private static void templates(
      Map<String, GraphNode> nodes, Map<String, TemplateSpec> templates, List<Problem> problems) {
    for (GraphNode node : nodes.values()) {
      if (!(node instanceof TemplateNode template)) {
        continue;
      }
      TemplateSpec spec = templates.get(node.nodeId());
      if (spec == null) {
        if (template.templateId() != null || template.templateName() != null) {
          problems.add(
              Problem.fieldError(
                  "unknown_template",
                  "the node's template does not exist",
                  node.nodeId(),
                  null,
                  template.templateId() != null ? "template_id" : "template_name"));
        }
        continue;
      }
      parameters(template, spec, problems);
      TemplateStatusCheck.check(template, spec, problems);
    }
  }

  /**
   * A warning when a node gives another number of body (or header) parameters than its template's
   * body (or text header) takes: WhatsApp refuses such a message (error 132000) and the node takes
   * its delivery_failed edge. Not an error, because a sandbox channel sends it.
   */
  private static void parameters(TemplateNode node, TemplateSpec spec, List<Problem> problems) {
    if (spec.bodyParameters() != null && spec.bodyParameters() != node.bodyParameters().size()) {
      problems.add(
          parameterCount(
              node,
              spec,
              spec.bodyParameters()
                  + " body parameters and the node gives "
                  + node.bodyParameters().size(),
              "parameters.body"));
    }
    if (spec.headerParameters() != null
        && spec.headerParameters() != node.headerParameters().size()) {
      problems.add(
          parameterCount(
              node,
              spec,
              spec.headerParameters()
                  + " header parameters and the node gives "
                  + node.headerParameters().size(),
              "parameters.header"));
    }
  }

  private static Problem parameterCount(
      TemplateNode node, TemplateSpec spec, String takes, String field) {
    return Problem.fieldWarning(
        "parameter_count",
        "template " + spec.name() + " takes " + takes + ": WhatsApp refuses the message",
        node.nodeId(),
        field);
  }

  private static String startNode(
      String startTemplate,
      FlowCompiler.TemplateCatalog catalog,
      FlowCompiler.Resolved templates,
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
    if (templates.startNodeId() == null) {
      problems.add(
          Problem.error("no_start_node", "no template node sends the start template", null, null));
    }
    return templates.startNodeId();
  }
}
