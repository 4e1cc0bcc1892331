package io.chatflows.workflows.graph;

import java.util.Locale;

/**
 * A handle a node of a kind can have: the trigger of the edges that leave it there.
 *
 * @param per {@code null} for one handle, else what there is one handle per
 */
public record Output(Trigger trigger, String label, Per per, String description) {

  /** What a family of handles has one handle per. */
  public enum Per {
    /** A quick-reply button of the node's template; the edge's value is the button text. */
    TEMPLATE_BUTTON,
    /** A rule (a condition edge) of the node, in order. */
    RULE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static Output of(Trigger trigger, String label, String description) {
    return new Output(trigger, label, null, description);
  }

  /** The {@code default} handle of an action: taken once it is done. */
  static final Output NEXT = of(Trigger.DEFAULT, "Next", "Taken once the action is done.");
}
