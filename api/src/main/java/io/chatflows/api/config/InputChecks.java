package io.chatflows.api.config;

import io.chatflows.workflows.graph.Limits;
import java.util.List;
import java.util.Map;

/**
 * Checks of what a client stores against the bounds of {@link Limits}: names, free texts, keys that
 * become MongoDB field names, numbers. Each failure is a 400 problem naming the field.
 */
public final class InputChecks {

  /** How deep a client's free-form object (template components) may nest. */
  static final int MAX_DEPTH = 8;

  private InputChecks() {}

  /**
   * A contact's WhatsApp id: 6 to 20 digits, optionally after a {@code +}.
   *
   * @return the digits, without the {@code +}
   */
  public static String waId(String field, String value) {
    if (value == null || !value.matches("\\+?[0-9]{6,20}")) {
      throw ApiException.invalidField(
          "invalid_" + field, field, field + " must be a WhatsApp id (6 to 20 digits)");
    }
    return value.replace("+", "");
  }

  /** A required name: 1 to {@code maxLength} characters, no control or bidi characters. */
  public static String name(String field, String value, int maxLength) {
    String problem = Limits.nameProblem(value, maxLength);
    if (problem != null) {
      throw ApiException.invalidField("invalid_text", field, field + " " + problem);
    }
    return value;
  }

  /** An optional name: {@code null} stays {@code null}, anything else is checked as a name. */
  public static String optionalName(String field, String value, int maxLength) {
    return value == null ? null : name(field, value, maxLength);
  }

  /** An optional free text: line breaks allowed, other control characters and excess not. */
  public static String text(String field, String value, int maxLength) {
    String problem = Limits.textProblem(value, maxLength);
    if (problem != null) {
      throw ApiException.invalidField("invalid_text", field, field + " " + problem);
    }
    return value;
  }

  /**
   * A name that becomes a MongoDB field name (variables, attributes): letters, digits, {@code _}
   * and {@code -}, 1 to 64.
   */
  public static void keyName(String code, String field, String name) {
    if (name == null || !Limits.KEY_NAME.matcher(name).matches()) {
      throw ApiException.invalidField(
          code, field, field + " names use 1 to 64 letters, digits, '_' and '-'");
    }
  }

  /** A number in its documented range. */
  public static long inRange(String code, String field, long value, Limits.Range range) {
    if (!range.contains(value)) {
      throw ApiException.invalidField(
          code, field, field + " must be between " + range.min() + " and " + range.max());
    }
    return value;
  }

  /**
   * Every key of a client's free-form value (maps inside lists inside maps...) can be a MongoDB
   * field name, every text is a bounded free text, and it nests at most {@link #MAX_DEPTH} deep.
   */
  public static void storable(String field, Object value) {
    storable(field, value, 0);
  }

  private static void storable(String path, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw ApiException.invalidField(
          "too_deep", path, path + " nests deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String child = path + "[" + quoted(key) + "]";
        String problem = Limits.keyProblem(key);
        if (problem != null) {
          throw ApiException.invalidField("invalid_key", child, path + ": " + problem);
        }
        storable(child, entry.getValue(), depth + 1);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        storable(path + "[" + i + "]", list.get(i), depth + 1);
      }
    } else if (value instanceof String text) {
      text(path, text, Limits.URL_LENGTH);
    }
  }

  /** A key as a readable path element: control characters shown as escapes. */
  private static String quoted(String key) {
    StringBuilder out = new StringBuilder("'");
    key.codePoints()
        .limit(Limits.ID_LENGTH)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append("'").toString();
  }
}
