package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/** Sends an interactive call-to-action message: a button that opens an https URL. */
public record CtaUrlNode(
    NodeBase base,
    String header,
    String body,
    String footer,
    String displayText,
    String url,
    long timeoutSeconds)
    implements SessionNode {

  public static final String TYPE = "cta_url";

  static final Field<String> BODY = SessionFields.body(Limits.INTERACTIVE_BODY_LENGTH);
  static final Field<String> DISPLAY_TEXT =
      Field.text("display_text", "Button label")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.CTA_DISPLAY_TEXT_LENGTH)
          .required()
          .describe("The button's label.");
  static final Field<String> URL =
      Field.text("url", "URL")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.URL_LENGTH)
          .https()
          .required()
          .placeholders()
          .widget("url")
          .describe("The https:// URL the button opens.");

  public static final NodeKind<CtaUrlNode> KIND =
      NodeKind.ofType(TYPE, CtaUrlNode::read)
          .label("Send link button")
          .describe(
              "Sends a message with a button that opens a URL (a session message: only within 24"
                  + " hours of the contact's last message, else it takes window_closed). It waits"
                  + " for the contact when it has an edge a reply takes.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(
              SessionFields.HEADER,
              BODY,
              SessionFields.FOOTER,
              DISPLAY_TEXT,
              URL,
              SessionFields.TIMEOUT,
              Reprompt.TEXT,
              Reprompt.MAX)
          .outputs(
              SessionFields.TEXT_REPLY,
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED,
              Reprompt.NO_MATCH,
              SessionFields.NEXT);

  private static CtaUrlNode read(NodeBase base) {
    JsonNode data = base.data();
    return new CtaUrlNode(
        base,
        SessionFields.HEADER.read(data),
        BODY.read(data),
        SessionFields.FOOTER.read(data),
        DISPLAY_TEXT.read(data),
        URL.read(data),
        SessionFields.TIMEOUT.read(data));
  }

  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    String link = SessionFields.rendered(url, render);
    return new SessionMessage(
        "interactive",
        SessionFields.interactive(
            "cta_url",
            header,
            body,
            footer,
            SessionFields.ordered(
                "name",
                "cta_url",
                "parameters",
                SessionFields.ordered("display_text", displayText, "url", link)),
            render),
        (body == null ? "" : render.apply(body)) + "\n" + displayText + ": " + link,
        null,
        null);
  }

  @Override
  public NodeKind<CtaUrlNode> kind() {
    return KIND;
  }
}
