package io.chatflows.workflows.graph;

/**
 * Sets an attribute of the contact.
 *
 * @param name the attribute's name ({@code "null"} in a version stored before names were required)
 * @param value the value, unrendered ({@code null}: the empty text)
 */
public record SetAttributeAction(NodeBase base, String name, String value) implements ActionNode {

  static final Field<String> ATTRIBUTE = SetVariableAction.olderName("attribute", "Attribute");
  static final Field<String> NAME = SetVariableAction.name("Attribute", ATTRIBUTE);

  public static final NodeKind<SetAttributeAction> KIND =
      NodeKind.action("set_attribute", SetAttributeAction::read)
          .label("Set contact attribute")
          .describe(
              "Sets an attribute of the stored contact, which {{attributes.<name>}} and"
                  + " conditions can read.")
          .fields(NAME, ATTRIBUTE, SetVariableAction.VALUE)
          .outputs(Output.NEXT);

  private static SetAttributeAction read(NodeBase base) {
    return new SetAttributeAction(
        base,
        SetVariableAction.nameOf(base, NAME, ATTRIBUTE),
        SetVariableAction.VALUE.read(base.data()));
  }

  @Override
  public NodeKind<SetAttributeAction> kind() {
    return KIND;
  }
}
