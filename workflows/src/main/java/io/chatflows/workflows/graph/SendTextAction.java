package io.chatflows.workflows.graph;

/**
 * Sends a free-form text message.
 *
 * @param text the text, unrendered
 */
public record SendTextAction(NodeBase base, String text) implements ActionNode {

  static final Field<String> TEXT =
      Field.text("text", "Text")
          .maxLength(Limits.TEXT_MESSAGE_LENGTH)
          .required()
          .notBlank()
          .placeholders()
          .widget("placeholder-text")
          .describe("The message, not empty.");

  public static final NodeKind<SendTextAction> KIND =
      NodeKind.action("send_text", SendTextAction::read)
          .label("Send text")
          .describe(
              "Sends a free-form text message; WhatsApp takes one only within 24 hours of the"
                  + " contact's last message, else it takes the delivery_failed edge.")
          .category(NodeKind.Category.MESSAGE)
          .fields(TEXT)
          .outputs(
              Output.of(Trigger.DEFAULT, "Next", "Taken once the text is sent."),
              Output.of(Trigger.DELIVERY_FAILED, "Not delivered", "The text could not be sent."));

  private static SendTextAction read(NodeBase base) {
    return new SendTextAction(base, TEXT.read(base.data()));
  }

  @Override
  public NodeKind<SendTextAction> kind() {
    return KIND;
  }
}
