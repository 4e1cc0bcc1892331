package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every node kind, in the order the builder's palette shows them, and the one way a node of {@code
 * flow_data} becomes a typed {@link GraphNode}. {@link #describe()} is what clients are told about
 * the kinds ({@code GET /chat-flow/node-kinds/}).
 */
public final class NodeKinds {

  private static final List<NodeKind<?>> ALL =
      List.of(
          TemplateNode.KIND,
          ButtonsNode.KIND,
          ListNode.KIND,
          MediaNode.KIND,
          CtaUrlNode.KIND,
          LocationRequestNode.KIND,
          QuestionNode.KIND,
          ConditionNode.KIND,
          SendTextAction.KIND,
          AssignAction.KIND,
          TagAction.KIND,
          UntagAction.KIND,
          SetVariableAction.KIND,
          SetAttributeAction.KIND,
          WebhookAction.KIND,
          DelayAction.KIND,
          HandoffAction.KIND,
          EndAction.KIND);

  private NodeKinds() {}

  public static List<NodeKind<?>> all() {
    return ALL;
  }

  /** The node {@code type}s kinds declare. */
  public static List<String> types() {
    return ALL.stream().map(NodeKind::type).distinct().toList();
  }

  /** The {@code data.action}s action kinds declare. */
  public static List<String> actions() {
    return ALL.stream().map(NodeKind::action).filter(Objects::nonNull).toList();
  }

  /** The kind of this node, by its {@code type} and, for actions, {@code data.action}. */
  public static GraphNode read(NodeBase base) {
    String action = JsonValues.text(base.data(), "action");
    for (NodeKind<?> kind : ALL) {
      if (kind.type().equals(base.nodeType())
          && (kind.action() == null || kind.action().equals(action))) {
        return kind.read(base);
      }
    }
    return new UnknownNode(base);
  }

  /**
   * The published description of every node kind, edge trigger, condition operator, condition
   * subject and placeholder: the body of {@code GET /chat-flow/node-kinds/}. Plain JSON values
   * (maps with snake_case keys in a stable order, lists, texts, numbers, booleans, {@code null}),
   * so any JSON library writes it as it is.
   */
  public static Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kinds", ALL.stream().map(NodeKinds::describe).toList());
    out.put(
        "triggers",
        Arrays.stream(Trigger.values())
            .map(
                t ->
                    entries(
                        "trigger", t.wireName(),
                        "label", t.label(),
                        "description", t.description(),
                        "has_value", t.hasValue()))
            .toList());
    out.put(
        "operators",
        Arrays.stream(Operator.values())
            .map(
                o ->
                    entries(
                        "operator", o.wireName(),
                        "label", o.label(),
                        "description", o.description(),
                        "needs_value", o.needsValue()))
            .toList());
    out.put(
        "condition_subjects",
        Arrays.stream(ConditionSubject.values())
            .map(
                s ->
                    entries(
                        "subject", s.wireName(),
                        "label", s.label(),
                        "description", s.description(),
                        "needs_key", s.needsKey()))
            .toList());
    out.put(
        "placeholders",
        Arrays.stream(Placeholders.Placeholder.values())
            .map(p -> entries("placeholder", p.written(), "description", p.description()))
            .toList());
    return out;
  }

  /** The JSON Schema of each kind's {@code data}, by kind id ({@code action.webhook}). */
  public static Map<String, Map<String, Object>> dataSchemas() {
    Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
    ALL.forEach(kind -> schemas.put(kind.id(), KindSchemas.dataSchema(kind)));
    return schemas;
  }

  private static Map<String, Object> describe(NodeKind<?> kind) {
    List<Map<String, Object>> outputs = new ArrayList<>();
    for (Output output : kind.outputs()) {
      outputs.add(
          entries(
              "trigger", output.trigger().wireName(),
              "label", output.label(),
              "per", output.per() == null ? null : output.per().wireName(),
              "description", output.description()));
    }
    Map<String, Object> out =
        entries(
            "kind", kind.id(),
            "type", kind.type(),
            "action", kind.action(),
            "label", kind.label(),
            "description", kind.description());
    out.put("category", kind.category().wireName());
    out.put("waits_for_contact", kind.waits().wireName());
    out.put("data_schema", KindSchemas.dataSchema(kind));
    out.put("outputs", outputs);
    return out;
  }

  /** An ordered map of key, value, key, value, ... ({@code null} values kept). */
  private static Map<String, Object> entries(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
