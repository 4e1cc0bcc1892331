package io.chatflows.workflows.graph;

/** Assigns the contact to a team or an agent; may end the conversation as handed off. */
public record AssignAction(NodeBase base, String team, String agent, boolean handoff)
    implements ActionNode {

  static final Field<String> TEAM =
      Field.text("team", "Team")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.NAME_LENGTH)
          .describe("The team the contact is assigned to.");
  static final Field<String> AGENT =
      Field.text("agent", "Agent")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.NAME_LENGTH)
          .describe("The agent the contact is assigned to.");
  static final Field<Boolean> HANDOFF =
      Field.flag("handoff", "Hand off to a person")
          .defaultValue(false)
          .describe("Ends the conversation as handed_off once the contact is assigned.");

  public static final NodeKind<AssignAction> KIND =
      NodeKind.action("assign", AssignAction::read)
          .label("Assign")
          .describe(
              "Assigns the contact to a team or an agent (at least one of them, unless it only"
                  + " hands off); with handoff the conversation ends as handed_off.")
          .fields(TEAM, AGENT, HANDOFF)
          .outputs(Output.NEXT)
          .rules(AssignAction::check);

  private static AssignAction read(NodeBase base) {
    return new AssignAction(
        base, TEAM.read(base.data()), AGENT.read(base.data()), HANDOFF.read(base.data()));
  }

  private static void check(AssignAction node, FieldCheck check) {
    if (!TEAM.isGiven(node.data()) && !AGENT.isGiven(node.data()) && !node.handoff()) {
      check.error(
          "missing_field", "team", "team or agent is required (or handoff, to hand off only)");
    }
  }

  @Override
  public NodeKind<AssignAction> kind() {
    return KIND;
  }
}
