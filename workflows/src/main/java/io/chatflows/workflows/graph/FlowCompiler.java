package io.chatflows.workflows.graph;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
    Map<String, TemplateSpec> templates = new HashMap<>();
    String startNodeId = null;
    for (GraphNode node : graph.nodes()) {
      if (!"template".equals(node.nodeType()) || node.nodeId() == null) {
        continue;
      }
      Optional<TemplateSpec> template = resolve(node, catalog);
      if (template.isPresent()) {
        templates.put(node.nodeId(), template.get());
        if (startNodeId == null && template.get().id().equals(startTemplateId)) {
          startNodeId = node.nodeId();
        }
      }
    }
    if (startNodeId == null) {
      throw new IllegalArgumentException("no template node sends the start template");
    }
    return new FlowDefinition(
        flowId,
        version,
        startNodeId,
        replyTimeoutSeconds > 0
            ? replyTimeoutSeconds
            : FlowDefinition.DEFAULT_REPLY_TIMEOUT_SECONDS,
        graph.nodes().stream().map(FlowCompiler::withoutLayout).toList(),
        graph.edges(),
        templates);
  }

  /** A template node names its template by {@code template_id}, else by {@code template_name}. */
  public static Optional<TemplateSpec> resolve(GraphNode node, TemplateCatalog catalog) {
    String id = FlowGraphParser.text(node.data(), "template_id");
    if (id != null) {
      Optional<TemplateSpec> byId = catalog.byId(id);
      if (byId.isPresent()) {
        return byId;
      }
    }
    String name = FlowGraphParser.text(node.data(), "template_name");
    return name != null ? catalog.byName(name) : Optional.empty();
  }

  private static GraphNode withoutLayout(GraphNode node) {
    return new GraphNode(node.nodeId(), node.nodeType(), null, node.data());
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
