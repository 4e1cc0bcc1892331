package io.chatflows.workflows.graph;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Turns a stored graph into the {@link FlowDefinition} a conversation runs on. */
public final class FlowCompiler {

  private FlowCompiler() {}

  /** Looks templates up by id or by name. */
  public interface TemplateCatalog {
    Optional<TemplateSpec> byId(String id);

    Optional<TemplateSpec> byName(String name);
  }

  /**
   * The templates of a graph's template nodes and its start node: the first template node that
   * sends the start template ({@code null} when none does). Nodes without an id are left out, and a
   * node id used twice counts once (both are validation errors).
   *
   * @param byNode the template of each template node that names one the catalog has
   */
  record Resolved(Map<String, TemplateSpec> byNode, String startNodeId) {}

  static Resolved resolve(FlowGraph graph, String startTemplateId, TemplateCatalog catalog) {
    Map<String, TemplateSpec> templates = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    String startNodeId = null;
    for (GraphNode node : graph.nodes()) {
      if (!(node instanceof TemplateNode template)
          || node.nodeId() == null
          || node.nodeId().isBlank()
          || !seen.add(node.nodeId())) {
        continue;
      }
      Optional<TemplateSpec> spec = resolve(template, catalog);
      if (spec.isPresent()) {
        templates.put(node.nodeId(), spec.get());
        if (startNodeId == null && spec.get().id().equals(startTemplateId)) {
          startNodeId = node.nodeId();
        }
      }
    }
    return new Resolved(templates, startNodeId);
  }

  /**
   * Resolves the template of every template node and finds the start node: the first template node
   * that sends {@code startTemplateId}.
   *
   * @throws IllegalArgumentException when the graph has no start node
   */
  public static FlowDefinition compile(
      String flowId,
      int version,
      String startTemplateId,
      long replyTimeoutSeconds,
      FlowGraph graph,
      TemplateCatalog catalog) {
    Resolved resolved = resolve(graph, startTemplateId, catalog);
    if (resolved.startNodeId() == null) {
      throw new IllegalArgumentException("no template node sends the start template");
    }
    return new FlowDefinition(
        flowId,
        version,
        resolved.startNodeId(),
        replyTimeoutSeconds > 0
            ? replyTimeoutSeconds
            : FlowDefinition.DEFAULT_REPLY_TIMEOUT_SECONDS,
        graph.nodes().stream().map(FlowCompiler::withoutLayout).toList(),
        graph.edges(),
        resolved.byNode());
  }

  /** A template node names its template by {@code template_id}, else by {@code template_name}. */
  public static Optional<TemplateSpec> resolve(TemplateNode node, TemplateCatalog catalog) {
    if (node.templateId() != null) {
      Optional<TemplateSpec> byId = catalog.byId(node.templateId());
      if (byId.isPresent()) {
        return byId;
      }
    }
    return node.templateName() != null ? catalog.byName(node.templateName()) : Optional.empty();
  }

  private static GraphNode withoutLayout(GraphNode node) {
    return NodeKinds.read(new NodeBase(node.nodeId(), node.nodeType(), null, node.data()));
  }

  /** A catalog over in-memory maps, for callers that have loaded the workspace's templates. */
  public static TemplateCatalog catalogOf(
      Function<String, TemplateSpec> byId, Function<String, TemplateSpec> byName) {
    return new TemplateCatalog() {
      @Override
      public Optional<TemplateSpec> byId(String id) {
        return Optional.ofNullable(byId.apply(id));
      }

      @Override
      public Optional<TemplateSpec> byName(String name) {
        return Optional.ofNullable(byName.apply(name));
      }
    };
  }
}
