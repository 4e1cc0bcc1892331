package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reports the problems of one node's (or edge's) fields, each naming the node, the edge and the
 * field; each variable its placeholders (or a condition) read goes to {@code variablesRead}, with
 * the field that reads it.
 */
final class FieldCheck {

  private final String nodeId;
  private final String edgeId;
  private final List<Problem> problems;
  private final BiConsumer<String, String> variablesRead;

  FieldCheck(
      String nodeId,
      String edgeId,
      List<Problem> problems,
      BiConsumer<String, String> variablesRead) {
    this.nodeId = nodeId;
    this.edgeId = edgeId;
    this.problems = problems;
    this.variablesRead = variablesRead;
  }

  /** Reports what is wrong with {@code field} in a node's data. */
  void check(Field<?> field, JsonNode data) {
    check(field, data, "");
  }

  /** Reports what is wrong with {@code field} of an object at {@code prefix} ({@code a[0].}). */
  private void check(Field<?> field, JsonNode data, String prefix) {
    String key = prefix + field.key();
    JsonNode value = JsonValues.at(data, field.path());
    if (!JsonValues.given(value)) {
      if (field.isRequired()
          && (field.alternative() == null || !field.alternative().isGiven(data))) {
        error("missing_field", key, key + " is required");
      }
      return;
    }
    switch (field.type()) {
      case TEXT -> text(field, value, key);
      case SECONDS -> seconds(key, value, field.range());
      case COUNT -> count(key, value, field.range());
      case FLAG -> {
        if (!value.isBoolean() && !value.asText().matches("(?i)true|false")) {
          wrongType(key, "must be true or false");
        }
      }
      case TEXT_LIST -> {
        if (value.isObject()) {
          wrongType(key, "must be a list of texts");
        } else if (!value.isArray()) {
          text(field, value, key);
        } else if (field.isRequired() && value.isEmpty()) {
          error("missing_field", key, key + " is required");
        } else {
          for (int i = 0; i < value.size(); i++) {
            text(field, value.get(i), key + "[" + i + "]");
          }
        }
      }
      case TEXT_MAP -> {
        if (!value.isObject()) {
          wrongType(key, "must be an object of texts");
          return;
        }
        value
            .fields()
            .forEachRemaining(
                e -> {
                  String path = key + "." + e.getKey();
                  if (field.keyRule() != null) {
                    text(path, e.getKey(), field.keyRule(), Limits.ID_LENGTH);
                  }
                  text(field, e.getValue(), path);
                });
      }
      case JSON -> {
        if (field.takesPlaceholders()) {
          strings(value, key);
        }
      }
      case GROUP -> {
        if (!value.isObject()) {
          wrongType(key, "must be an object");
        }
      }
      case OBJECT_LIST -> objects(field, value, key);
    }
  }

  /** A list of objects: its size, then each item's fields. */
  private void objects(Field<?> field, JsonNode value, String key) {
    if (!value.isArray()) {
      wrongType(key, "must be a list of objects");
      return;
    }
    if (field.isRequired() && value.isEmpty()) {
      error("missing_field", key, key + " must hold at least one item");
    }
    if (field.maxItems() > 0 && value.size() > field.maxItems()) {
      error(
          "too_many_items",
          key,
          key + " holds " + value.size() + " items; WhatsApp allows at most " + field.maxItems());
    }
    for (int i = 0; i < value.size(); i++) {
      String path = key + "[" + i + "]";
      JsonNode item = value.get(i);
      if (!item.isObject()) {
        wrongType(path, "must be an object");
        continue;
      }
      for (Field<?> itemField : field.items()) {
        check(itemField, item, path + ".");
      }
    }
  }

  /** One text of {@code field} at {@code path}: its rule, choices, URL form and placeholders. */
  private void text(Field<?> field, JsonNode value, String path) {
    if (value.isContainerNode()) {
      wrongType(path, "must be a text");
      return;
    }
    String text = value.asText();
    if (field.isNotBlank() && text.isBlank()) {
      error("invalid_text", path, path + " must not be empty");
      return;
    }
    if (!text(path, text, field.rule(), field.maxLength())) {
      return;
    }
    if (!field.choices().isEmpty() && !field.choices().contains(text)) {
      error("invalid_choice", path, path + " '" + text + "' is not one of " + field.choices());
    } else if (field.isHttps() && !text.startsWith("{{") && !text.matches("(?is)https://\\S+")) {
      error("invalid_url", path, path + " must be an https:// URL, not '" + text + "'");
    } else if (field.isUrl() && !text.startsWith("{{") && !text.matches("(?is)https?://\\S+")) {
      error("invalid_url", path, path + " must be an http:// or https:// URL, not '" + text + "'");
    }
    if (field.takesPlaceholders()) {
      placeholders(path, text);
    }
  }

  /** The placeholders in every string of a JSON value. */
  private void strings(JsonNode value, String path) {
    if (value.isTextual()) {
      placeholders(path, value.asText());
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        strings(value.get(i), path + "[" + i + "]");
      }
    } else if (value.isObject()) {
      value.fields().forEachRemaining(e -> strings(e.getValue(), path + "." + e.getKey()));
    }
  }

  private void wrongType(String path, String what) {
    error("invalid_type", path, path + " " + what);
  }

  private void seconds(String path, JsonNode value, Limits.Range range) {
    Long number = JsonValues.wholeNumber(value);
    if (number == null) {
      error("invalid_number", path, path + " must be a whole number of seconds in " + range);
    } else if (!range.contains(number)) {
      error(
          "out_of_range",
          path,
          path + " is " + value.asText() + ", outside its range " + range + " (seconds)");
    }
  }

  private void count(String path, JsonNode value, Limits.Range range) {
    Long number = JsonValues.wholeNumber(value);
    if (number == null) {
      error("invalid_number", path, path + " must be a whole number in " + range);
    } else if (!range.contains(number)) {
      error("out_of_range", path, path + " is " + value.asText() + ", outside its range " + range);
    }
  }

  /** Checks a text against its rule; returns whether it passed. */
  boolean text(String path, String value, Field.Rule rule, int maxLength) {
    if (rule == Field.Rule.KEY) {
      if (value == null || !Limits.KEY_NAME.matcher(value).matches()) {
        error(
            "invalid_name",
            path,
            path
                + " must be 1 to 64 letters, digits, '_' or '-' (it names a variable or"
                + " attribute)");
        return false;
      }
      return true;
    }
    String problem =
        rule == Field.Rule.NAME
            ? Limits.nameProblem(value, maxLength)
            : Limits.textProblem(value, maxLength);
    if (problem != null) {
      error("invalid_text", path, path + " " + problem);
      return false;
    }
    return true;
  }

  /** Checks the placeholders written in a text; the variables they name are reads. */
  private void placeholders(String path, String text) {
    for (Placeholders.Use use : Placeholders.uses(text)) {
      if (use.placeholder() == null) {
        error(
            "unknown_placeholder",
            path,
            path
                + ": "
                + use.written()
                + " is no placeholder a conversation knows ("
                + Placeholders.known()
                + "; names are letters, digits, '_' or '-')");
      } else if (use.isVariable()) {
        variablesRead.accept(use.name(), path);
      }
    }
  }

  /** A variable the node reads by name in {@code path} (a condition's key). */
  void variableRead(String name, String path) {
    variablesRead.accept(name, path);
  }

  void error(String code, String path, String message) {
    problems.add(Problem.fieldError(code, message, nodeId, edgeId, path));
  }
}
