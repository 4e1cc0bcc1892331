package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads settings out of a node's {@code data} object, tolerating any shape. */
final class NodeData {

  private NodeData() {}

  static String text(JsonNode data, String field) {
    JsonNode value = data == null ? null : data.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  static long positiveLong(JsonNode data, String field) {
    JsonNode value = data == null ? null : data.get(field);
    if (value == null || !(value.isNumber() || value.isTextual())) {
      return 0;
    }
    long parsed = value.asLong(0);
    return Math.max(parsed, 0);
  }

  static boolean flag(JsonNode data, String field) {
    JsonNode value = data == null ? null : data.get(field);
    return value != null && (value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()));
  }

  /** A list of texts at {@code data.a.b...}; a single text counts as a list of one. */
  static List<String> strings(JsonNode data, String... path) {
    JsonNode value = data;
    for (String field : path) {
      value = value == null ? null : value.get(field);
    }
    List<String> out = new ArrayList<>();
    if (value == null || value.isNull()) {
      return out;
    }
    if (value.isArray()) {
      value.forEach(v -> out.add(v.isContainerNode() ? v.toString() : v.asText()));
    } else if (!value.isContainerNode()) {
      out.add(value.asText());
    }
    return out;
  }

  /** An object of texts at {@code data.field}, in the builder's order. */
  static Map<String, String> stringMap(JsonNode data, String field) {
    JsonNode value = data == null ? null : data.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (value != null && value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              e ->
                  out.put(
                      e.getKey(),
                      e.getValue().isContainerNode()
                          ? e.getValue().toString()
                          : e.getValue().asText()));
    }
    return out;
  }
}
