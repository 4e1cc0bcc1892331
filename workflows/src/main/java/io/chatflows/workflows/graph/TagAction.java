package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.List;

/** Adds tags to the contact. */
public record TagAction(NodeBase base, List<String> tags) implements ActionNode {

  static final Field<List<String>> TAG =
      Field.texts("tag", "Tag")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.TAG_LENGTH)
          .deprecatedFor("tags")
          .describe("One tag (or a list): the older spelling of tags, added to them.");
  static final Field<List<String>> TAGS =
      Field.texts("tags", "Tags")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.TAG_LENGTH)
          .requiredUnless(TAG)
          .widget("tag")
          .describe("The tags (at least one).");

  public static final NodeKind<TagAction> KIND =
      NodeKind.action("tag", TagAction::read)
          .label("Add tags")
          .describe("Adds tags to the contact.")
          .fields(TAGS, TAG)
          .outputs(Output.NEXT);

  private static TagAction read(NodeBase base) {
    return new TagAction(base, names(base));
  }

  /** The tags of {@code tags} then those of {@code tag}. */
  static List<String> names(NodeBase base) {
    List<String> names = new ArrayList<>(TAGS.read(base.data()));
    names.addAll(TAG.read(base.data()));
    return List.copyOf(names);
  }

  @Override
  public NodeKind<TagAction> kind() {
    return KIND;
  }
}
