package io.chatflows.workflows.graph;

/**
 * What a waiting node says to a reply it does not understand: a session text message ({@code
 * text}), sent at most {@code max} times in one wait, after which the next such reply takes the
 * node's {@code no_match} edge (a question's: {@code invalid}). Without that edge the node stops
 * answering and waits on silently until its timeout, so two automatic responders never talk to each
 * other forever.
 *
 * @param text the re-prompt, unrendered
 * @param max how many re-prompts one wait sends ({@code 0}: none, the fallback edge at once)
 */
public record Reprompt(String text, long max) {

  /** What a waiting node re-prompts with when it says nothing. */
  public static final String DEFAULT_TEXT =
      "Sorry, I did not understand that. Please answer with one of the options above.";

  /** How often a waiting node (and a question) re-prompts when it says nothing. */
  public static final long DEFAULT_MAX = 2;

  static final Field<String> TEXT =
      text(
          DEFAULT_TEXT,
          "What the node answers to a reply it does not understand (a session text message);"
              + " unset: the default shown.");
  static final Field<Long> MAX = maxField();

  static final Output NO_MATCH =
      Output.of(
          Trigger.NO_MATCH,
          "No match",
          "A reply no other edge takes, once the re-prompts (max_reprompts) are used up; without"
              + " this edge the node waits on silently until its timeout.");

  /** The re-prompt text field with its default. */
  static Field<String> text(String defaultText, String description) {
    return Field.text("reprompt_text", "Re-prompt")
        .maxLength(Limits.TEXT_MESSAGE_LENGTH)
        .notBlank()
        .placeholders()
        .widget("placeholder-text")
        .defaultValue(defaultText)
        .describe(description);
  }

  static Field<Long> maxField() {
    return Field.count("max_reprompts", "Re-prompts", Limits.REPROMPTS)
        .defaultValue(DEFAULT_MAX)
        .describe(
            "How many times one wait re-prompts before the fallback edge, "
                + Limits.REPROMPTS
                + "; 0: the fallback edge at once.");
  }

  /** The node's re-prompt, {@code null} for a kind that has none. */
  public static Reprompt of(GraphNode node) {
    if (node instanceof QuestionNode question) {
      return new Reprompt(question.repromptText(), question.maxReprompts());
    }
    if (node == null || !node.kind().hasOutput(Trigger.NO_MATCH)) {
      return null;
    }
    return new Reprompt(TEXT.read(node.data()), MAX.read(node.data()));
  }

  /** The edge a reply takes once the re-prompts are used up. */
  public Trigger fallback(GraphNode node) {
    return node instanceof QuestionNode ? Trigger.INVALID : Trigger.NO_MATCH;
  }
}
