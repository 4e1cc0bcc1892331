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

  String nodeId() {
    return nodeId;
  }

  void missing(Field<?> field) {
    error("missing_field", field.key(), field.key() + " is required");
  }

  void wrongType(String path, String what) {
    error("invalid_type", path, path + " " + what);
  }

  void seconds(String path, JsonNode value, Limits.Range range) {
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

  void notAChoice(String path, String value, List<String> choices) {
    error("invalid_choice", path, path + " '" + value + "' is not one of " + choices);
  }

  void invalidUrl(String path, String value) {
    error("invalid_url", path, path + " must be an http:// or https:// URL, not '" + value + "'");
  }

  /** Checks the placeholders written in a text; the variables they name are reads. */
  void placeholders(String path, String text) {
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
