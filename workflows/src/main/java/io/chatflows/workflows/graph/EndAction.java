package io.chatflows.workflows.graph;

/** Ends the conversation as completed. */
public record EndAction(NodeBase base) implements ActionNode {

  public static final NodeKind<EndAction> KIND =
      NodeKind.action("end", EndAction::new)
          .label("End")
          .describe("Ends the conversation as completed; its edges are never taken.")
          .category(NodeKind.Category.LOGIC);

  @Override
  public NodeKind<EndAction> kind() {
    return KIND;
  }
}
