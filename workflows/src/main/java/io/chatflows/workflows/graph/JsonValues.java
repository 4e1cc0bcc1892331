package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values out of builder JSON, tolerating any shape: the one set of lenient reads the parser,
 * the node kinds and the validator share. Every stored flow version has always been read this way,
 * so a conversation running on an old version reads it as it did when it started.
 */
final class JsonValues {

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

  private JsonValues() {}

  /** The value at {@code path} (nested object keys), or {@code null}. */
  static JsonNode at(JsonNode parent, List<String> path) {
    JsonNode value = parent;
    for (String key : path) {
      value = value == null ? null : value.get(key);
    }
    return value;
  }

  /** Whether a value is given: present and not JSON {@code null}. */
  static boolean given(JsonNode value) {
    return value != null && !value.isNull() && !value.isMissingNode();
  }

  /** A scalar as text; {@code null} when absent, {@code null} or an object or array. */
  static String text(JsonNode parent, String field) {
    return parent == null ? null : text(parent.get(field));
  }

  static String text(JsonNode value) {
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  /** A number or numeric text as a whole number, 0 when absent, unreadable or negative. */
  static long positiveLong(JsonNode value) {
    if (value == null || !(value.isNumber() || value.isTextual())) {
      return 0;
    }
    return Math.max(value.asLong(0), 0);
  }

  /** {@code true}, a non-zero number or the text {@code "true"}. */
  static boolean flag(JsonNode value) {
    return value != null && (value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()));
  }

  /** A list of texts; a single text counts as a list of one, objects in a list as their JSON. */
  static List<String> strings(JsonNode value) {
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

  /** An object's values as texts, in the builder's order; empty when it is no object. */
  static Map<String, String> stringMap(JsonNode value) {
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
}
