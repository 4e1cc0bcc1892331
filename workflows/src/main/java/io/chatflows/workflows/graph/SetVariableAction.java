package io.chatflows.workflows.graph;

import java.util.List;

/**
 * Sets a flow variable.
 *
 * @param name the variable's name; {@code "null"} in a version stored before names were required,
 *     which conversations keep using as they always did
 * @param value the value, unrendered ({@code null}: the empty text)
 */
public record SetVariableAction(NodeBase base, String name, String value) implements ActionNode {

  static final Field<String> VARIABLE =
      Field.text("variable", "Variable")
          .rule(Field.Rule.KEY)
          .deprecatedFor("name")
          .describe("The older spelling of name.");
  static final Field<String> NAME =
      Field.text("name", "Variable")
          .rule(Field.Rule.KEY)
          .requiredUnless(VARIABLE)
          .widget("variable-name")
          .describe("The variable to set: letters, digits, '_' or '-', at most 64.");
  static final Field<String> VALUE =
      Field.text("value", "Value")
          .placeholders()
          .widget("placeholder-text")
          .describe("The value; empty when left out.");

  public static final NodeKind<SetVariableAction> KIND =
      NodeKind.action("set_variable", SetVariableAction::read)
          .label("Set variable")
          .describe("Sets a flow variable, which {{variables.<name>}} and conditions can read.")
          .fields(NAME, VARIABLE, VALUE)
          .outputs(Output.NEXT);

  private static SetVariableAction read(NodeBase base) {
    return new SetVariableAction(base, nameOf(base, NAME, VARIABLE), VALUE.read(base.data()));
  }

  /** {@code name}, else the older key, else {@code "null"} as conversations always read it. */
  static String nameOf(NodeBase base, Field<String> name, Field<String> older) {
    String given = name.read(base.data());
    return given != null ? given : String.valueOf(older.read(base.data()));
  }

  @Override
  public List<String> variablesSet() {
    return List.of(name);
  }

  @Override
  public NodeKind<SetVariableAction> kind() {
    return KIND;
  }
}
