package io.chatflows.api.flow;

import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits one node or edge inside a flow's {@code flow_data} and leaves everything else as the
 * builder wrote it: other nodes and edges, their extra keys ({@code width}, {@code sourceHandle},
 * ...), the {@code viewport} and any unknown key. Numbers keep their digits (read as decimals).
 */
final class GraphEditor {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final ObjectNode root;

  private GraphEditor(ObjectNode root) {
    this.root = root;
  }

  static GraphEditor of(String flowData) {
    JsonNode tree = JSON.readTree(flowData);
    return new GraphEditor(tree instanceof ObjectNode object ? object : JSON.createObjectNode());
  }

  String json() {
    return root.toString();
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  Optional<ObjectNode> node(String nodeId) {
    return find(array("nodes"), nodeId);
  }

  Optional<ObjectNode> edge(String edgeId) {
    return find(array("edges"), edgeId);
  }

  void addNode(ObjectNode node) {
    array("nodes").add(node);
  }

  void addEdge(ObjectNode edge) {
    array("edges").add(edge);
  }

  /** Removes the node and every edge from or to it. */
  void removeNode(String nodeId) {
    removeIf(array("nodes"), item -> nodeId.equals(text(item, "id")));
    removeIf(
        array("edges"),
        item -> nodeId.equals(text(item, "source")) || nodeId.equals(text(item, "target")));
  }

  void removeEdge(String edgeId) {
    removeIf(array("edges"), item -> edgeId.equals(text(item, "id")));
  }

  /** The first free id of the form {@code node-<n>} or {@code edge-<n>}. */
  String nextId(String kind) {
    ArrayNode items = array(kind + "s");
    for (int n = items.size() + 1; ; n++) {
      if (find(items, kind + "-" + n).isEmpty()) {
        return kind + "-" + n;
      }
    }
  }

  /** An id, source or target as text, as the graph parser reads it ({@code 1} is {@code "1"}). */
  static String text(JsonNode item, String field) {
    JsonNode value = item.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }

  private ArrayNode array(String field) {
    JsonNode existing = root.get(field);
    return existing instanceof ArrayNode array ? array : root.putArray(field);
  }

  private static Optional<ObjectNode> find(ArrayNode items, String id) {
    for (JsonNode item : items) {
      if (item instanceof ObjectNode object && id.equals(text(object, "id"))) {
        return Optional.of(object);
      }
    }
    return Optional.empty();
  }

  private static void removeIf(ArrayNode items, Predicate<JsonNode> remove) {
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.get(i) instanceof ObjectNode && remove.test(items.get(i))) {
        items.remove(i);
      }
    }
  }
}
