package io.chatflows.workflows.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.chatflows.workflows.graph.WebhookAction;
import io.temporal.failure.ActivityFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Calls a webhook action's endpoint (an activity): placeholders rendered into its URL, headers and
 * body; {@code webhook_status} and the mapped fields of the answer become variables. A failed call
 * sets {@code webhook_status} to {@code error} and the conversation goes on.
 */
final class WebhookHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookHandler() {}

  static Next run(WebhookAction node, Visit visit) {
    ConversationState state = visit.state();
    String url = state.render(node.url());
    JsonNode bodyNode = node.body();
    String body =
        bodyNode == null
            ? null
            : bodyNode.isContainerNode()
                ? renderJson(bodyNode, state::render).toString()
                : state.render(bodyNode.asText());
    Map<String, String> headers = new LinkedHashMap<>(node.headers());
    headers.replaceAll((k, v) -> state.render(v));
    try {
      WebhookResult result =
          visit
              .interpreter()
              .activities()
              .callWebhook(
                  new WebhookCall(state.input.workspaceId(), node.method(), url, headers, body));
      state.variables.put(WebhookAction.STATUS_VARIABLE, Integer.toString(result.status()));
      Map<String, String> mapping = new LinkedHashMap<>(node.responseMapping());
      mapping
          .keySet()
          .removeIf(
              variable ->
                  !OutOfRange.storableName(
                      state.steps, node.nodeId(), "response_mapping." + variable, variable));
      mapResponse(result.body(), mapping, state.variables);
      state.steps.action(node.nodeId(), "webhook " + result.status());
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.variables.put(WebhookAction.STATUS_VARIABLE, "error");
      state.steps.action(node.nodeId(), "webhook failed: " + Failures.describe(failure));
    }
    return visit.next();
  }

  /**
   * Renders placeholders inside the string values of a JSON body, so a value (a contact's reply)
   * holding quotes or backslashes stays one JSON string instead of breaking or extending the body.
   */
  static JsonNode renderJson(JsonNode node, UnaryOperator<String> render) {
    if (node.isTextual()) {
      return TextNode.valueOf(render.apply(node.asText()));
    }
    JsonNode copy = node.deepCopy();
    if (copy.isObject()) {
      ObjectNode object = (ObjectNode) copy;
      object.properties().forEach(e -> e.setValue(renderJson(e.getValue(), render)));
    } else if (copy.isArray()) {
      ArrayNode array = (ArrayNode) copy;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, renderJson(array.get(i), render));
      }
    }
    return copy;
  }

  /** Copies {@code variable -> dotted.path} values out of a JSON response body. */
  static void mapResponse(String body, Map<String, String> mapping, Map<String, String> variables) {
    if (mapping.isEmpty() || body == null) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      return;
    }
    mapping.forEach(
        (variable, path) -> {
          JsonNode value = root;
          for (String part : path.split("\\.")) {
            value =
                value == null
                    ? null
                    : value.isArray() ? value.get(parseIndex(part)) : value.get(part);
          }
          if (value != null && !value.isNull()) {
            variables.put(variable, value.isContainerNode() ? value.toString() : value.asText());
          }
        });
  }

  private static int parseIndex(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
