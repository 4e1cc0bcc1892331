package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.chatflows.workflows.graph.Limits;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs one action node (spec §3). Returns an outcome only when the action ends the conversation or
 * picks an edge itself; otherwise the conversation follows the node's {@code default} edge.
 */
final class Actions {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state an action may read and change. */
  record Context(
      ConversationInput input,
      ConversationActivities activities,
      Map<String, String> variables,
      Map<String, String> attributes,
      Set<String> tags,
      UnaryOperator<String> render,
      Steps steps,
      IntSupplier nextSendSeq) {}

  private Actions() {}

  static Optional<Next> run(GraphNode node, List<GraphEdge> edges, Context ctx) {
    JsonNode data = node.data();
    String action = String.valueOf(NodeData.text(data, "action"));
    String nodeId = node.nodeId();
    switch (action) {
      case "assign" -> {
        String team = NodeData.text(data, "team");
        String agent = NodeData.text(data, "agent");
        ctx.activities().updateContact(update(ctx, List.of(), List.of(), Map.of(), team, agent));
        ctx.steps()
            .add(StepKind.ACTION, nodeId, null, null, "assign " + (agent != null ? agent : team));
        if (NodeData.flag(data, "handoff")) {
          return Optional.of(Next.end(ConversationStatus.HANDED_OFF, "handed_off"));
        }
      }
      case "tag", "untag" -> {
        List<String> names = tagNames(data);
        boolean add = action.equals("tag");
        if (add) {
          ctx.tags().addAll(names);
        } else {
          names.forEach(ctx.tags()::remove);
        }
        ctx.activities()
            .updateContact(
                update(
                    ctx, add ? names : List.of(), add ? List.of() : names, Map.of(), null, null));
        ctx.steps()
            .add(StepKind.ACTION, nodeId, null, null, action + " " + String.join(",", names));
      }
      case "set_variable" -> {
        String name = nameOf(data, "variable");
        if (!OutOfRange.storableName(ctx.steps(), nodeId, "name", name)) {
          return Optional.empty();
        }
        String value = ctx.render().apply(NodeData.text(data, "value"));
        ctx.variables().put(name, value == null ? "" : value);
        ctx.steps().add(StepKind.ACTION, nodeId, null, null, "set_variable " + name);
      }
      case "set_attribute" -> {
        String name = nameOf(data, "attribute");
        String value = ctx.render().apply(NodeData.text(data, "value"));
        ctx.attributes().put(name, value == null ? "" : value);
        ctx.activities()
            .updateContact(
                update(
                    ctx,
                    List.of(),
                    List.of(),
                    Map.of(name, value == null ? "" : value),
                    null,
                    null));
        ctx.steps().add(StepKind.ACTION, nodeId, null, null, "set_attribute " + name);
      }
      case "webhook" -> webhook(node, ctx);
      case "delay" -> {
        long seconds =
            OutOfRange.clamp(
                ctx.steps(),
                nodeId,
                data.has("seconds") ? "seconds" : "delay_seconds",
                Math.max(
                    NodeData.positiveLong(data, "seconds"),
                    NodeData.positiveLong(data, "delay_seconds")),
                Limits.DELAY_SECONDS);
        ctx.steps().add(StepKind.ACTION, nodeId, null, null, "delay " + seconds + "s");
        Workflow.sleep(Duration.ofSeconds(seconds));
      }
      case "send_text" -> {
        String text = ctx.render().apply(NodeData.text(data, "text"));
        ConversationInput in = ctx.input();
        try {
          SentMessage sent =
              ctx.activities()
                  .sendText(
                      new SendTextCommand(
                          in.conversationId(),
                          in.workspaceId(),
                          in.channelId(),
                          nodeId,
                          ctx.nextSendSeq().getAsInt(),
                          in.contact(),
                          text));
          Steps.addSent(ctx.steps(), nodeId, sent);
        } catch (ActivityFailure failure) {
          Failures.rethrowCancellation(failure);
          ctx.steps().add(StepKind.SEND_FAILED, nodeId, null, null, Failures.describe(failure));
          return Optional.of(
              edges.stream()
                  .filter(e -> e.trigger() == Trigger.DELIVERY_FAILED)
                  .findFirst()
                  .map(Next::to)
                  .orElse(Next.end(ConversationStatus.FAILED, "delivery_failed")));
        }
      }
      case "end" -> {
        return Optional.of(Next.end(ConversationStatus.COMPLETED, "end"));
      }
      default -> {
        return Optional.of(Next.end(ConversationStatus.FAILED, "unknown_action"));
      }
    }
    return Optional.empty();
  }

  private static void webhook(GraphNode node, Context ctx) {
    JsonNode data = node.data();
    String url = ctx.render().apply(NodeData.text(data, "url"));
    String method = Optional.ofNullable(NodeData.text(data, "method")).orElse("POST");
    JsonNode bodyNode = data.get("body");
    String body =
        bodyNode == null || bodyNode.isNull()
            ? null
            : bodyNode.isContainerNode()
                ? renderJson(bodyNode, ctx.render()).toString()
                : ctx.render().apply(bodyNode.asText());
    Map<String, String> headers = NodeData.stringMap(data, "headers");
    headers.replaceAll((k, v) -> ctx.render().apply(v));
    try {
      WebhookResult result =
          ctx.activities()
              .callWebhook(new WebhookCall(ctx.input().workspaceId(), method, url, headers, body));
      ctx.variables().put("webhook_status", Integer.toString(result.status()));
      Map<String, String> mapping = NodeData.stringMap(data, "response_mapping");
      mapping
          .keySet()
          .removeIf(
              variable ->
                  !OutOfRange.storableName(
                      ctx.steps(), node.nodeId(), "response_mapping." + variable, variable));
      mapResponse(result.body(), mapping, ctx.variables());
      ctx.steps().add(StepKind.ACTION, node.nodeId(), null, null, "webhook " + result.status());
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      ctx.variables().put("webhook_status", "error");
      ctx.steps()
          .add(
              StepKind.ACTION,
              node.nodeId(),
              null,
              null,
              "webhook failed: " + Failures.describe(failure));
    }
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

  private static List<String> tagNames(JsonNode data) {
    List<String> names = NodeData.strings(data, "tags");
    names.addAll(NodeData.strings(data, "tag"));
    return names;
  }

  private static String nameOf(JsonNode data, String alternative) {
    String name = NodeData.text(data, "name");
    return name != null ? name : String.valueOf(NodeData.text(data, alternative));
  }

  private static ContactUpdate update(
      Context ctx,
      List<String> add,
      List<String> remove,
      Map<String, String> attributes,
      String team,
      String agent) {
    return new ContactUpdate(
        ctx.input().workspaceId(), ctx.input().contact(), add, remove, attributes, team, agent);
  }
}
