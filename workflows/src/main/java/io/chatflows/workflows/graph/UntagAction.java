package io.chatflows.workflows.graph;

import java.util.List;

/** Removes tags from the contact (the same fields as {@link TagAction}). */
public record UntagAction(NodeBase base, List<String> tags) implements ActionNode {

  public static final NodeKind<UntagAction> KIND =
      NodeKind.action("untag", UntagAction::read)
          .label("Remove tags")
          .describe("Removes tags from the contact.")
          .fields(TagAction.TAGS, TagAction.TAG)
          .outputs(Output.NEXT);

  private static UntagAction read(NodeBase base) {
    return new UntagAction(base, TagAction.names(base));
  }

  @Override
  public NodeKind<UntagAction> kind() {
    return KIND;
  }
}
