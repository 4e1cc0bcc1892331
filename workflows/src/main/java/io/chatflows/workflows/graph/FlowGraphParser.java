package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the nodes and edges out of a ReactFlow {@code flow_data} tree (spec §2).
 *
 * <p>An edge's trigger comes from {@code data.trigger}/{@code data.trigger_value} when present,
 * else from a label of the form {@code Button: <text>}, else it is {@code default}. The parser
 * never throws on odd input: missing ids stay {@code null} and unknown triggers keep their raw
 * text, so the validator can name every problem.
 */
public final class FlowGraphParser {

  private static final String BUTTON_LABEL_PREFIX = "button:";

  private FlowGraphParser() {}

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

  private static Iterable<JsonNode> arrayOf(JsonNode parent, String field) {
    JsonNode array = parent.get(field);
    return array != null && array.isArray() ? array : List.of();
  }

  private static GraphNode node(JsonNode node) {
    JsonNode data = node.get("data");
    return new GraphNode(
        text(node, "id"),
        text(node, "type"),
        node.get("position"),
        data != null && data.isObject() ? data : JsonNodeFactory.instance.objectNode());
  }

  private static GraphEdge edge(JsonNode edge) {
    JsonNode data = edge.get("data");
    String label = text(edge, "label");
    String rawTrigger = data != null ? text(data, "trigger") : null;
    String value = data != null ? text(data, "trigger_value") : null;
    String operator = data != null ? text(data, "operator") : null;
    if (rawTrigger == null) {
      if (label != null && label.toLowerCase(Locale.ROOT).startsWith(BUTTON_LABEL_PREFIX)) {
        rawTrigger = Trigger.BUTTON_CLICK.wireName();
        value = label.substring(BUTTON_LABEL_PREFIX.length()).trim();
      } else {
        rawTrigger = Trigger.DEFAULT.wireName();
      }
    }
    return new GraphEdge(
        text(edge, "id"),
        text(edge, "source"),
        text(edge, "target"),
        Trigger.fromWire(rawTrigger),
        rawTrigger,
        value,
        operator,
        label);
  }

  static String text(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    return value.asText();
  }
}
