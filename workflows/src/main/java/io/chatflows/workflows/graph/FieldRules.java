package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks the fields of each node's and edge's {@code data} against {@link Limits}: numbers in their
 * range, names and texts within their bounds, variable and attribute names storable as MongoDB
 * field names. Each violation is an error naming the node (or edge) and the field.
 */
final class FieldRules {

  private FieldRules() {}

  static void check(FlowGraph graph, List<Problem> problems) {
    for (GraphNode node : graph.nodes()) {
      Checker checker = new Checker(node.nodeId(), null, problems);
      if (node.nodeId() != null) {
        checker.name("id", node.nodeId(), Limits.ID_LENGTH);
      }
      node(node, checker);
    }
    for (GraphEdge edge : graph.edges()) {
      Checker checker = new Checker(edge.source(), edge.edgeId(), problems);
      if (edge.edgeId() != null) {
        checker.name("id", edge.edgeId(), Limits.ID_LENGTH);
      }
      if (edge.label() != null && !edge.label().isEmpty()) {
        checker.name("label", edge.label(), Limits.VALUE_LENGTH);
      }
      checker.text("trigger_value", edge.triggerValue(), Limits.VALUE_LENGTH);
    }
  }

  /** The fields of one node, by node type and action. */
  private static void node(GraphNode node, Checker checker) {
    JsonNode data = node.data();
    switch (String.valueOf(node.nodeType())) {
      case "template" -> {
        checker.number(data, "timeout_seconds", Limits.REPLY_TIMEOUT_SECONDS);
        checker.optionalName(data, "template_id", Limits.ID_LENGTH);
        checker.optionalName(data, "template_name", Limits.TEMPLATE_NAME_LENGTH);
        checker.texts(data.path("parameters").path("body"), "parameters.body");
      }
      case "condition" -> checker.optionalKey(data, "key");
      case "action" -> action(data, checker);
      default -> {}
    }
  }

  private static void action(JsonNode data, Checker checker) {
    switch (String.valueOf(FlowGraphParser.text(data, "action"))) {
      case "assign" -> {
        checker.optionalName(data, "team", Limits.NAME_LENGTH);
        checker.optionalName(data, "agent", Limits.NAME_LENGTH);
      }
      case "tag", "untag" -> {
        checker.names(data.get("tags"), "tags", Limits.TAG_LENGTH);
        checker.names(data.get("tag"), "tag", Limits.TAG_LENGTH);
      }
      case "set_variable", "set_attribute" -> {
        String alternative =
            "set_variable".equals(FlowGraphParser.text(data, "action")) ? "variable" : "attribute";
        String field = data.hasNonNull("name") ? "name" : alternative;
        checker.key(field, FlowGraphParser.text(data, field));
        checker.text("value", FlowGraphParser.text(data, "value"), Limits.VALUE_LENGTH);
      }
      case "webhook" -> {
        checker.text("url", FlowGraphParser.text(data, "url"), Limits.URL_LENGTH);
        checker.optionalName(data, "method", 16);
        JsonNode mapping = data.get("response_mapping");
        if (mapping != null && mapping.isObject()) {
          mapping.fieldNames().forEachRemaining(k -> checker.key("response_mapping." + k, k));
        }
      }
      case "delay" -> {
        checker.number(data, "seconds", Limits.DELAY_SECONDS);
        checker.number(data, "delay_seconds", Limits.DELAY_SECONDS);
      }
      case "send_text" ->
          checker.text("text", FlowGraphParser.text(data, "text"), Limits.TEXT_MESSAGE_LENGTH);
      default -> {}
    }
  }

  /** Reports the problems of one node or edge. */
  private record Checker(String nodeId, String edgeId, List<Problem> problems) {

    void number(JsonNode data, String field, Limits.Range range) {
      JsonNode value = data.get(field);
      if (value == null || value.isNull()) {
        return;
      }
      Long number = wholeNumber(value);
      if (number == null) {
        add("invalid_number", field, field + " must be a whole number of seconds in " + range);
      } else if (!range.contains(number)) {
        add(
            "out_of_range",
            field,
            field + " is " + value.asText() + ", outside its range " + range + " (seconds)");
      }
    }

    void name(String field, String value, int maxLength) {
      report(field, Limits.nameProblem(value, maxLength));
    }

    void optionalName(JsonNode data, String field, int maxLength) {
      JsonNode value = data.get(field);
      if (value != null && !value.isNull()) {
        name(field, value.isContainerNode() ? "" : value.asText(), maxLength);
      }
    }

    void names(JsonNode value, String field, int maxLength) {
      each(value, field, (path, item) -> name(path, item, maxLength));
    }

    void texts(JsonNode value, String field) {
      each(value, field, (path, item) -> text(path, item, Limits.VALUE_LENGTH));
    }

    void text(String field, String value, int maxLength) {
      report(field, Limits.textProblem(value, maxLength));
    }

    void optionalKey(JsonNode data, String field) {
      String value = FlowGraphParser.text(data, field);
      if (value != null) {
        key(field, value);
      }
    }

    /** A variable or attribute name: it becomes a MongoDB field name. */
    void key(String field, String value) {
      if (value == null || !Limits.KEY_NAME.matcher(value).matches()) {
        add(
            "invalid_name",
            field,
            field
                + " must be 1 to 64 letters, digits, '_' or '-' (it names a variable or attribute)");
      }
    }

    private void each(JsonNode value, String field, BiConsumer<String, String> check) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        return;
      }
      List<Map.Entry<String, JsonNode>> items = new ArrayList<>();
      if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          items.add(Map.entry(field + "[" + i + "]", value.get(i)));
        }
      } else {
        items.add(Map.entry(field, value));
      }
      for (Map.Entry<String, JsonNode> item : items) {
        check.accept(
            item.getKey(), item.getValue().isContainerNode() ? "" : item.getValue().asText());
      }
    }

    private void report(String field, String problem) {
      if (problem != null) {
        add("invalid_text", field, field + " " + problem);
      }
    }

    private void add(String code, String field, String message) {
      problems.add(Problem.fieldError(code, message, nodeId, edgeId, field));
    }
  }

  /**
   * The value as a whole number, or {@code null}: integral JSON numbers, floating-point numbers
   * without a fraction and numeric texts; beyond a {@code long} they count as its extreme.
   */
  static Long wholeNumber(JsonNode value) {
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isFloatingPointNumber()) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || d != Math.rint(d)) {
        return null;
      }
      number =
          Double.isInfinite(d)
              ? BigInteger.valueOf(d > 0 ? 1 : -1).shiftLeft(64)
              : new BigDecimal(d).toBigInteger();
    } else if (value.isTextual() && value.asText().trim().matches("[+-]?[0-9]{1,400}")) {
      number = new BigInteger(value.asText().trim());
    } else {
      return null;
    }
    return number.max(LONG_MIN).min(LONG_MAX).longValue();
  }

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
}
