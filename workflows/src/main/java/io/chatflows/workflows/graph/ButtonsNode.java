package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Sends an interactive reply-buttons message (1 to 3 buttons); a tap takes the {@code button_reply}
 * edge whose value is the button's id.
 */
public record ButtonsNode(
    NodeBase base,
    String header,
    String body,
    String footer,
    List<Choice> buttons,
    long timeoutSeconds)
    implements SessionNode {

  public static final String TYPE = "buttons";

  static final Field<String> BODY = SessionFields.body(Limits.INTERACTIVE_BODY_LENGTH);
  static final Field<String> BUTTON_ID =
      Field.text("id", "Id")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.REPLY_BUTTON_ID_LENGTH)
          .required()
          .describe("What the contact's tap sends back; the value of the button's edge.");
  static final Field<String> BUTTON_TITLE =
      Field.text("title", "Title")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.REPLY_BUTTON_TITLE_LENGTH)
          .required()
          .describe("The button's label.");
  static final Field<List<JsonNode>> BUTTONS =
      Field.objects("buttons", "Buttons", BUTTON_ID, BUTTON_TITLE)
          .required()
          .maxItems(Limits.REPLY_BUTTONS)
          .describe("1 to 3 reply buttons; ids and titles each unique.");

  public static final NodeKind<ButtonsNode> KIND =
      NodeKind.ofType(TYPE, ButtonsNode::read)
          .label("Send buttons")
          .describe(
              "Sends a message with up to three reply buttons (a session message: only within 24"
                  + " hours of the contact's last message, else it takes window_closed). It waits"
                  + " for the contact when it has an edge a reply takes.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(
              SessionFields.HEADER,
              BODY,
              SessionFields.FOOTER,
              BUTTONS,
              SessionFields.TIMEOUT,
              Reprompt.TEXT,
              Reprompt.MAX)
          .outputs(
              new Output(
                  Trigger.BUTTON_REPLY,
                  "Button",
                  Output.Per.BUTTON,
                  "One handle per button; the edge's trigger_value is the button's id."),
              SessionFields.TEXT_REPLY,
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED,
              Reprompt.NO_MATCH,
              SessionFields.NEXT)
          .rules(ButtonsNode::rules);

  private static void rules(ButtonsNode node, FieldCheck check) {
    Iterable<JsonNode> items = SessionFields.items(node.data(), "buttons");
    SessionFields.unique(check, items, "buttons", "id", "duplicate_button", SessionFields.seen());
    SessionFields.unique(
        check, items, "buttons", "title", "duplicate_button", SessionFields.seen());
  }

  private static ButtonsNode read(NodeBase base) {
    JsonNode data = base.data();
    return new ButtonsNode(
        base,
        SessionFields.HEADER.read(data),
        BODY.read(data),
        SessionFields.FOOTER.read(data),
        BUTTONS.read(data).stream()
            .map(b -> new Choice(BUTTON_ID.read(b), BUTTON_TITLE.read(b), null))
            .toList(),
        SessionFields.TIMEOUT.read(data));
  }

  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    List<Object> buttons =
        this.buttons.stream()
            .map(
                b ->
                    (Object)
                        SessionFields.ordered(
                            "type",
                            "reply",
                            "reply",
                            SessionFields.ordered("id", b.id(), "title", b.title())))
            .toList();
    return new SessionMessage(
        "interactive",
        SessionFields.interactive(
            "button", header, body, footer, Map.of("buttons", buttons), render),
        body == null ? "" : render.apply(body),
        this.buttons.stream().map(Choice::title).toList(),
        this.buttons.stream().map(Choice::id).toList());
  }

  @Override
  public Set<String> edgeValues(Trigger trigger) {
    if (trigger != Trigger.BUTTON_REPLY) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    buttons.forEach(b -> ids.add(b.id()));
    return ids;
  }

  @Override
  public NodeKind<ButtonsNode> kind() {
    return KIND;
  }
}
