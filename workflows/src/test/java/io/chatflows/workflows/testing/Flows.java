package io.chatflows.workflows.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowGraphParser;
import io.chatflows.workflows.graph.TemplateSpec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Test fixtures: an in-memory template catalog and a small builder that writes ReactFlow {@code
 * flow_data} JSON, parses it with {@link FlowGraphParser} and compiles it with {@link
 * FlowCompiler}. Node data is written as JSON with single quotes for readability.
 */
public final class Flows {

  public static final ObjectMapper JSON = new ObjectMapper();

  public static final TemplateSpec WELCOME =
      new TemplateSpec("tpl-welcome", "welcome", "en", List.of("Track Order", "Talk to an agent"));
  public static final TemplateSpec ORDER =
      new TemplateSpec("tpl-order", "order_status", "en", List.of("Yes", "No"));
  public static final TemplateSpec INFO = new TemplateSpec("tpl-info", "info", "en", List.of());
  public static final TemplateSpec BYE = new TemplateSpec("tpl-bye", "bye", "en", List.of());

  private static final List<TemplateSpec> TEMPLATES = List.of(WELCOME, ORDER, INFO, BYE);

  public static final FlowCompiler.TemplateCatalog CATALOG =
      FlowCompiler.catalogOf(index(TemplateSpec::id)::get, index(TemplateSpec::name)::get);

  private Flows() {}

  private static Map<String, TemplateSpec> index(Function<TemplateSpec, String> key) {
    return TEMPLATES.stream().collect(Collectors.toMap(key, t -> t));
  }

  public static Builder flow() {
    return new Builder();
  }

  /** Parses JSON written with single quotes. */
  public static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds one flow's {@code flow_data}, nodes and edges in the order they are added. */
  public static final class Builder {
    private final ObjectNode flowData = JSON.createObjectNode();
    private final ArrayNode nodes = flowData.putArray("nodes");
    private final ArrayNode edges = flowData.putArray("edges");
    private String startTemplate = WELCOME.id();
    private long replyTimeoutSeconds;

    /** A template node naming its template by name, with optional extra data. */
    public Builder template(String id, TemplateSpec template, String data) {
      ObjectNode node = node(id, "template", data);
      ((ObjectNode) node.get("data")).put("template_id", template.id());
      ((ObjectNode) node.get("data")).put("template_name", template.name());
      return this;
    }

    public Builder template(String id, TemplateSpec template) {
      return template(id, template, "{}");
    }

    public Builder condition(String id, String data) {
      node(id, "condition", data);
      return this;
    }

    public Builder action(String id, String data) {
      node(id, "action", data);
      return this;
    }

    /** A node of any type with any data, for validator tests. */
    public ObjectNode node(String id, String type, String data) {
      ObjectNode node = nodes.addObject();
      if (id != null) {
        node.put("id", id);
      }
      node.put("type", type);
      node.putObject("position").put("x", 0).put("y", 0);
      node.set("data", json(data));
      return node;
    }

    /** A {@code button_click} edge written the builder's way: {@code label: "Button: <text>"}. */
    public Builder button(String id, String source, String target, String text) {
      edgeNode(id, source, target).put("label", "Button: " + text);
      return this;
    }

    /** A {@code default} edge: no trigger data, no label. */
    public Builder then(String id, String source, String target) {
      edgeNode(id, source, target);
      return this;
    }

    /** An edge with {@code data.trigger} and {@code data.trigger_value}. */
    public Builder edge(String id, String source, String target, String trigger, String value) {
      ObjectNode data = edgeNode(id, source, target).putObject("data");
      data.put("trigger", trigger);
      if (value != null) {
        data.put("trigger_value", value);
      }
      return this;
    }

    /** A {@code condition} edge with an operator. */
    public Builder when(String id, String source, String target, String operator, String value) {
      ObjectNode data = edgeNode(id, source, target).putObject("data");
      data.put("trigger", "condition");
      data.put("operator", operator);
      if (value != null) {
        data.put("trigger_value", value);
      }
      return this;
    }

    private ObjectNode edgeNode(String id, String source, String target) {
      ObjectNode edge = edges.addObject();
      if (id != null) {
        edge.put("id", id);
      }
      edge.put("source", source);
      edge.put("target", target);
      return edge;
    }

    public Builder startTemplate(String templateId) {
      this.startTemplate = templateId;
      return this;
    }

    public Builder replyTimeoutSeconds(long seconds) {
      this.replyTimeoutSeconds = seconds;
      return this;
    }

    public String startTemplate() {
      return startTemplate;
    }

    public ObjectNode flowData() {
      return flowData;
    }

    public FlowGraph graph() {
      return FlowGraphParser.parse(flowData);
    }

    public FlowDefinition compile() {
      return FlowCompiler.compile(
          "flow-1", 3, startTemplate, replyTimeoutSeconds, graph(), CATALOG);
    }
  }
}
