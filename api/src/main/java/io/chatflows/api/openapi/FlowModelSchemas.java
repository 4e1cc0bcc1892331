package io.chatflows.api.openapi;

import io.chatflows.workflows.graph.NodeKind;
import io.chatflows.workflows.graph.NodeKinds;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The flow model in the OpenAPI document, made from the model itself ({@link NodeKinds}): a schema
 * of each kind's {@code data} (the very JSON Schema {@code GET /chat-flow/node-kinds/} publishes),
 * a node of {@code flow_data} as a {@code oneOf} discriminated by {@code type}, the data of an
 * action node as a {@code oneOf} discriminated by {@code action}, edges with their triggers and
 * operators, and {@code flow_data} itself. The payloads that carry a graph or a node's data refer
 * to these schemas instead of a bare object.
 */
@Component
class FlowModelSchemas implements OpenApiCustomizer {

  static final String FLOW_DATA = "FlowData";
  static final String FLOW_NODE = "FlowNode";
  static final String FLOW_EDGE = "FlowEdge";
  static final String NODE_DATA = "NodeData";
  private static final String REFS = "#/components/schemas/";

  /** The edge triggers and condition operators, as the model publishes them. */
  private static final List<String> TRIGGERS = published("triggers", "trigger");

  private static final List<String> OPERATORS = published("operators", "operator");

  @Override
  public void customise(OpenAPI openApi) {
    Components components = openApi.getComponents();
    Map<String, Map<String, Object>> dataSchemas = NodeKinds.dataSchemas();
    Map<String, String> nodesByType = new LinkedHashMap<>();
    Map<String, String> actionData = new LinkedHashMap<>();
    List<Map<String, Object>> anyData = new ArrayList<>();
    for (NodeKind<?> kind : NodeKinds.all()) {
      String name = dataName(kind);
      add(components, name, dataSchemas.get(kind.id()));
      if (kind.action() != null) {
        actionData.put(kind.action(), REFS + name);
      } else {
        String node = pascal(kind.type()) + "Node";
        add(components, node, node(kind.type(), kind.description(), ref(name)));
        nodesByType.put(kind.type(), REFS + node);
        anyData.add(ref(name));
      }
    }
    if (!actionData.isEmpty()) {
      String type =
          NodeKinds.all().stream().filter(k -> k.action() != null).findFirst().orElseThrow().type();
      String data = pascal(type) + "NodeData";
      add(
          components,
          data,
          oneOf(
              "The data of an action node: one action kind, named by `action`.",
              "action",
              actionData));
      String node = pascal(type) + "Node";
      add(
          components,
          node,
          node(type, "An action: what it does is named by `data.action`.", ref(data)));
      nodesByType.put(type, REFS + node);
      anyData.add(ref(data));
    }
    add(
        components,
        FLOW_NODE,
        oneOf("A node of `flow_data`: one node kind, named by `type`.", "type", nodesByType));
    add(components, FLOW_EDGE, edge());
    add(components, FLOW_DATA, flowData());
    Map<String, Object> nodeData = new LinkedHashMap<>();
    nodeData.put(
        "description",
        "A node's `data`: the schema of its kind (see FlowNode and the node kinds).");
    nodeData.put("anyOf", anyData);
    add(components, NODE_DATA, nodeData);

    Map<String, Schema> schemas = components.getSchemas();
    for (String payload : List.of("FlowRequest", "FlowDetail", "VersionView")) {
      retarget(schemas, payload, "flow_data", FLOW_DATA, "the graph, as the builder saved it");
    }
    for (String payload : List.of("NodeView", "NodeRequest")) {
      retarget(schemas, payload, "data", NODE_DATA, "the node's data, by its node_type");
    }
    enumerate(
        schemas,
        "NodeKind",
        "category",
        Arrays.stream(NodeKind.Category.values()).map(NodeKind.Category::wireName).toList());
    enumerate(
        schemas,
        "NodeKind",
        "waits_for_contact",
        Arrays.stream(NodeKind.Waits.values()).map(NodeKind.Waits::wireName).toList());
    enumerate(schemas, "NodeKindOutput", "trigger", TRIGGERS);
    enumerate(schemas, "EdgeTrigger", "trigger", TRIGGERS);
    enumerate(schemas, "ConditionOperator", "operator", OPERATORS);
  }

  /** {@code TemplateNodeData}, {@code ConditionNodeData}, {@code SendTextActionData}, ... */
  static String dataName(NodeKind<?> kind) {
    return kind.action() == null
        ? pascal(kind.type()) + "NodeData"
        : pascal(kind.action()) + pascal(kind.type()) + "Data";
  }

  private static Map<String, Object> node(String type, String description, Object data) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", Map.of("type", "string", "description", "the node's id in the graph"));
    properties.put("type", Map.of("const", type));
    properties.put(
        "position",
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("x", Map.of("type", "number"), "y", Map.of("type", "number"))));
    properties.put("data", data);
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("type", "object");
    node.put("description", description);
    node.put("required", List.of("id", "type"));
    node.put("properties", properties);
    node.put("additionalProperties", true);
    return node;
  }

  private static Map<String, Object> edge() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", "object");
    data.put(
        "properties",
        Map.of(
            "trigger",
            Map.of("type", "string", "enum", TRIGGERS),
            "trigger_value",
            Map.of("type", "string", "description", "the button text, reply or rule number"),
            "operator",
            Map.of("type", "string", "enum", OPERATORS)));
    data.put("additionalProperties", true);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", Map.of("type", "string"));
    properties.put(
        "source", Map.of("type", "string", "description", "the id of the node it leaves"));
    properties.put(
        "target", Map.of("type", "string", "description", "the id of the node it enters"));
    properties.put(
        "label",
        Map.of(
            "type", "string",
            "description", "without data.trigger, `Button: <text>` is a click on that button"));
    properties.put(
        "sourceHandle",
        Map.of(
            "type",
            "string",
            "description",
            "`<trigger>` or `<trigger>:<value>`: where the builder draws the edge; the API"
                + " reads the trigger from `data`"));
    properties.put("data", data);
    Map<String, Object> edge = new LinkedHashMap<>();
    edge.put("type", "object");
    edge.put("description", "An edge of `flow_data`: when to go from its source to its target.");
    edge.put("required", List.of("id", "source", "target"));
    edge.put("properties", properties);
    edge.put("additionalProperties", true);
    return edge;
  }

  private static Map<String, Object> flowData() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("nodes", Map.of("type", "array", "items", ref(FLOW_NODE)));
    properties.put("edges", Map.of("type", "array", "items", ref(FLOW_EDGE)));
    properties.put("viewport", Map.of("type", "object"));
    Map<String, Object> flowData = new LinkedHashMap<>();
    flowData.put("type", "object");
    flowData.put(
        "description", "A flow's graph in ReactFlow's shape; every other key is kept as sent.");
    flowData.put("properties", properties);
    flowData.put("additionalProperties", true);
    return flowData;
  }

  private static Map<String, Object> oneOf(
      String description, String property, Map<String, String> mapping) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("description", description);
    schema.put("oneOf", mapping.values().stream().map(r -> Map.of("$ref", r)).toList());
    schema.put("discriminator", Map.of("propertyName", property, "mapping", mapping));
    return schema;
  }

  /** The payload's property refers to a model schema (and stays an object for old readers). */
  private static void retarget(
      Map<String, Schema> schemas, String payload, String property, String to, String text) {
    Schema<?> schema = Objects.requireNonNull(schemas.get(payload), payload);
    Map<String, Object> reference = new LinkedHashMap<>();
    reference.put("type", "object");
    reference.put("$ref", REFS + to);
    reference.put("description", text);
    schema.getProperties().put(property, convert(reference));
  }

  @SuppressWarnings("unchecked")
  private static void enumerate(
      Map<String, Schema> schemas, String payload, String property, List<String> values) {
    Schema<Object> schema =
        (Schema<Object>)
            Objects.requireNonNull(schemas.get(payload), payload).getProperties().get(property);
    schema.setEnum(new ArrayList<>(values));
  }

  private static Map<String, Object> ref(String name) {
    return Map.of("$ref", REFS + name);
  }

  private static void add(Components components, String name, Map<String, Object> schema) {
    components.addSchemas(name, convert(schema));
  }

  private static Schema<?> convert(Map<String, Object> schema) {
    return Json31.mapper().convertValue(schema, Schema.class);
  }

  @SuppressWarnings("unchecked")
  private static List<String> published(String list, String key) {
    return ((List<Map<String, Object>>) NodeKinds.describe().get(list))
        .stream().map(item -> (String) item.get(key)).toList();
  }

  /** {@code send_text} becomes {@code SendText}. */
  private static String pascal(String snake) {
    StringBuilder out = new StringBuilder();
    for (String part : snake.split("_")) {
      out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
    }
    return out.toString();
  }
}
