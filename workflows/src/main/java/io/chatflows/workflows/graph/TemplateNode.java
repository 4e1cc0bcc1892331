package io.chatflows.workflows.graph;

import java.util.List;

/**
 * Sends a WhatsApp template; waits for the contact when it has an edge that a reply takes.
 *
 * @param templateId the template's id ({@code null}: named by {@code templateName} only)
 * @param bodyParameters the texts for the body's {@code {{1}}}, {@code {{2}}}, ..., unrendered
 * @param headerParameters the text for a text header's {@code {{1}}}, unrendered
 * @param timeoutSeconds the node's reply timeout; 0 when it has none (the flow's default applies)
 */
public record TemplateNode(
    NodeBase base,
    String templateId,
    String templateName,
    List<String> bodyParameters,
    List<String> headerParameters,
    long timeoutSeconds)
    implements GraphNode {

  public static final String TYPE = "template";

  static final Field<String> TEMPLATE_NAME =
      Field.text("template_name", "Template name")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.TEMPLATE_NAME_LENGTH)
          .readOnly()
          .describe(
              "The template's name, written by the builder; a node without a template_id (or one"
                  + " naming no template) sends the template of this name.");
  static final Field<String> TEMPLATE_ID =
      Field.text("template_id", "Template")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.ID_LENGTH)
          .requiredUnless(TEMPLATE_NAME)
          .widget("template")
          .describe("The template to send.");
  static final Field<Void> PARAMETERS =
      Field.group("parameters", "Parameters").describe("The template's parameters.");
  static final Field<List<String>> BODY =
      Field.texts("parameters.body", "Body parameters")
          .placeholders()
          .widget("placeholder-text")
          .describe(
              "The texts for the body's {{1}}, {{2}}, ... in order; WhatsApp refuses a message"
                  + " with more or fewer than the template has.");
  static final Field<List<String>> HEADER =
      Field.texts("parameters.header", "Header parameters")
          .placeholders()
          .widget("placeholder-text")
          .describe("The text for the {{1}} of a text header, when the template's header has one.");
  static final Field<Long> TIMEOUT =
      Field.seconds("timeout_seconds", "Reply timeout (seconds)", Limits.REPLY_TIMEOUT_SECONDS)
          .describe(
              "How long the node waits for a reply before its timeout edge; unset: the flow's"
                  + " settings.reply_timeout_seconds, else 24 hours.");

  public static final NodeKind<TemplateNode> KIND =
      NodeKind.ofType(TYPE, TemplateNode::read)
          .label("Send template")
          .describe(
              "Sends a WhatsApp template message. It waits for the contact when it has a"
                  + " button_click or text_reply edge, else it goes on along its default edge.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(
              TEMPLATE_ID,
              TEMPLATE_NAME,
              PARAMETERS,
              BODY,
              HEADER,
              TIMEOUT,
              Reprompt.TEXT,
              Reprompt.MAX)
          .outputs(
              new Output(
                  Trigger.BUTTON_CLICK,
                  "Button",
                  Output.Per.TEMPLATE_BUTTON,
                  "One handle per quick-reply button; the edge's trigger_value is the button text."),
              Output.of(
                  Trigger.TEXT_REPLY,
                  "Text reply",
                  "The contact wrote a reply: any text, or the edge's trigger_value."),
              Output.of(Trigger.TIMEOUT, "No reply", "No reply within the reply timeout."),
              Output.of(
                  Trigger.DELIVERY_FAILED,
                  "Not delivered",
                  "WhatsApp refused the message for good or reported it failed."),
              Reprompt.NO_MATCH,
              Output.of(
                  Trigger.DEFAULT,
                  "Next",
                  "Right after sending when no edge waits for a reply; the fallback for a reply"
                      + " no other edge takes."));

  private static TemplateNode read(NodeBase base) {
    return new TemplateNode(
        base,
        TEMPLATE_ID.read(base.data()),
        TEMPLATE_NAME.read(base.data()),
        BODY.read(base.data()),
        HEADER.read(base.data()),
        TIMEOUT.read(base.data()));
  }

  @Override
  public NodeKind<TemplateNode> kind() {
    return KIND;
  }
}
