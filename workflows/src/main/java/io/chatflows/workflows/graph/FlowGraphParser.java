package io.chatflows.workflows.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one reader of a ReactFlow {@code flow_data} tree (spec §2): each node becomes its typed kind
 * ({@link NodeKinds#read}), each edge its trigger, in one pass. Validation, compilation and the
 * API's views of nodes and edges all start here.
 *
 * <p>An edge's trigger comes from {@code data.trigger}/{@code data.trigger_value} when present,
 * else from a label of the form {@code Button: <text>}, else it is {@code default}. The parser
 * never throws on odd input: missing ids stay {@code null}, unknown types become {@link
 * UnknownNode}s and unknown triggers keep their raw text, so the validator can name every problem.
 */
public final class FlowGraphParser {

  private static final String BUTTON_LABEL_PREFIX = "button:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private FlowGraphParser() {}

  /**
   * Reads {@code flow_data} as stored (JSON text).
   *
   * @throws IllegalArgumentException when the text is not JSON
   */
  public static FlowGraph parseJson(String flowData) {
    try {
      return parse(flowData == null ? null : JSON.readTree(flowData));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("flow_data is not JSON", e);
    }
  }

  public static FlowGraph parse(JsonNode flowData) {
    List<GraphNode> nodes = new ArrayList<>();
    List<GraphEdge> edges = new ArrayList<>();
    if (flowData != null && flowData.isObject()) {
      for (JsonNode node : arrayOf(flowData, "nodes")) {
        nodes.add(node(node));
      }
      for (JsonNode edge : arrayOf(flowData, "edges")) {
        edges.add(edge(edge));
      }
    }
    return new FlowGraph(nodes, edges);
  }

  /**
   * The trigger and value of an edge that has only this label: {@code Button: <text>} is a {@code
   * button_click} on {@code <text>}, anything else {@code default}.
   */
  public static GraphEdge edgeWithLabel(String label) {
    return edge(JsonNodeFactory.instance.objectNode().put("label", label));
  }

  private static Iterable<JsonNode> arrayOf(JsonNode parent, String field) {
    JsonNode array = parent.get(field);
    return array != null && array.isArray() ? array : List.of();
  }

  private static GraphNode node(JsonNode node) {
    return NodeKinds.read(
        new NodeBase(
            JsonValues.text(node, "id"),
            JsonValues.text(node, "type"),
            node.get("position"),
            dataOf(node.get("data"))));
  }

  /** A node's data: the object as written, an empty object for anything else. */
  static JsonNode dataOf(JsonNode data) {
    return data != null && data.isObject() ? data : JsonNodeFactory.instance.objectNode();
  }

  private static GraphEdge edge(JsonNode edge) {
    JsonNode data = edge.get("data");
    String label = JsonValues.text(edge, "label");
    String rawTrigger = JsonValues.text(data, "trigger");
    String value = JsonValues.text(data, "trigger_value");
    String operator = JsonValues.text(data, "operator");
    if (rawTrigger == null) {
      if (label != null && label.toLowerCase(Locale.ROOT).startsWith(BUTTON_LABEL_PREFIX)) {
        rawTrigger = Trigger.BUTTON_CLICK.wireName();
        value = label.substring(BUTTON_LABEL_PREFIX.length()).trim();
      } else {
        rawTrigger = Trigger.DEFAULT.wireName();
      }
    }
    return new GraphEdge(
        JsonValues.text(edge, "id"),
        JsonValues.text(edge, "source"),
        JsonValues.text(edge, "target"),
        Trigger.fromWire(rawTrigger),
        rawTrigger,
        value,
        operator,
        label);
  }
}
