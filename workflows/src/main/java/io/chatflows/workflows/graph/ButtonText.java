package io.chatflows.workflows.graph;

/**
 * When a button text names a quick-reply button: the same text once trimmed, in any case (spec §4).
 * The validator, the conversation's reply matching and the start-template click all compare button
 * texts with this one rule.
 */
public final class ButtonText {

  private ButtonText() {}

  public static boolean same(String a, String b) {
    return a != null && b != null && a.trim().equalsIgnoreCase(b.trim());
  }
}
