package io.chatflows.workflows.graph;

/**
 * A node of a type (or an action) no kind declares. The validator reports it; a conversation that
 * reaches one ends as failed.
 */
public record UnknownNode(NodeBase base) implements GraphNode {

  static final NodeKind<UnknownNode> KIND =
      NodeKind.ofType("unknown", UnknownNode::new)
          .label("Unknown")
          .describe("A node no kind declares.")
          .outputs(Output.of(Trigger.DEFAULT, "Next", "Never taken."));

  /** Whether it is an action node whose {@code data.action} no kind declares. */
  public boolean isAction() {
    return ActionNode.TYPE.equals(nodeType());
  }

  @Override
  public NodeKind<UnknownNode> kind() {
    return KIND;
  }
}
