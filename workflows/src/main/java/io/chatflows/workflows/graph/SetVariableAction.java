package io.chatflows.workflows.graph;

import java.util.List;
import java.util.Locale;

/**
 * Sets a flow variable.
 *
 * @param name the variable's name; {@code "null"} in a version stored before names were required,
 *     which conversations keep using as they always did
 * @param value the value, unrendered ({@code null}: the empty text)
 */
public record SetVariableAction(NodeBase base, String name, String value) implements ActionNode {

  static final Field<String> VARIABLE = olderName("variable", "Variable");
  static final Field<String> NAME = name("Variable", VARIABLE);
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

  /** The {@code name} of what a set action sets; {@code older} is its older key. */
  static Field<String> name(String title, Field<String> older) {
    return Field.text("name", title)
        .rule(Field.Rule.KEY)
        .requiredUnless(older)
        .widget("variable-name")
        .describe(
            "The "
                + title.toLowerCase(Locale.ROOT)
                + " to set: letters, digits, '_' or '-', at most 64.");
  }

  /** The older key of {@code name}, still read. */
  static Field<String> olderName(String key, String title) {
    return Field.text(key, title)
        .rule(Field.Rule.KEY)
        .deprecatedFor("name")
        .describe("The older spelling of name.");
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
