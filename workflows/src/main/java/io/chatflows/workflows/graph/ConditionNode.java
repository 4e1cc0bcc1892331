package io.chatflows.workflows.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * Branches on the last reply, a variable, an attribute or the contact's tags: its {@code condition}
 * edges are rules tried in order, its {@code default} edge the else-branch.
 *
 * @param subject what the rules check ({@code reply} when the node names an unknown subject, as
 *     conversations always did)
 * @param key the variable or attribute a {@code variable} or {@code attribute} subject names
 */
public record ConditionNode(NodeBase base, ConditionSubject subject, String key)
    implements GraphNode {

  public static final String TYPE = "condition";

  static final Field<String> SUBJECT =
      Field.text("subject", "Check")
          .choices(
              Arrays.stream(ConditionSubject.values())
                  .map(ConditionSubject::wireName)
                  .toArray(String[]::new))
          .defaultValue(ConditionSubject.REPLY.wireName())
          .describe("What the rules check: the last reply, a variable, an attribute or the tags.");
  static final Field<String> KEY =
      Field.text("key", "Variable or attribute name")
          .rule(Field.Rule.KEY)
          .widget("variable-name")
          .describe("The variable or attribute to check; required for those subjects.");

  public static final NodeKind<ConditionNode> KIND =
      NodeKind.ofType(TYPE, ConditionNode::read)
          .label("Condition")
          .describe(
              "Branches on the last reply, a variable, a contact attribute or the contact's tags:"
                  + " its rules (condition edges) are tried in the order they were saved, the"
                  + " default edge is the else-branch.")
          .category(NodeKind.Category.LOGIC)
          .fields(SUBJECT, KEY)
          .outputs(
              new Output(
                  Trigger.CONDITION,
                  "Rule",
                  Output.Per.RULE,
                  "One handle per rule: the edge's operator and trigger_value."),
              Output.of(Trigger.DEFAULT, "Else", "No rule holds."))
          .rules(ConditionNode::check);

  private static ConditionNode read(NodeBase base) {
    ConditionSubject subject = ConditionSubject.fromWire(SUBJECT.read(base.data()));
    return new ConditionNode(
        base, Objects.requireNonNullElse(subject, ConditionSubject.REPLY), KEY.read(base.data()));
  }

  private static void check(ConditionNode node, FieldCheck check) {
    if (!node.subject().needsKey()) {
      return;
    }
    if (node.key() == null) {
      check.error(
          "missing_field", "key", "key is required: it names the " + node.subject().wireName());
    } else if (node.subject() == ConditionSubject.VARIABLE
        && Limits.KEY_NAME.matcher(node.key()).matches()) {
      check.variableRead(node.key(), "key");
    }
  }

  @Override
  public NodeKind<ConditionNode> kind() {
    return KIND;
  }
}
