package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Sends an interactive list message: a button that opens up to 10 rows in sections; a choice takes
 * the {@code list_reply} edge whose value is the row's id.
 *
 * @param button the label of the button that opens the list
 */
public record ListNode(
    NodeBase base,
    String header,
    String body,
    String footer,
    String button,
    List<Section> sections,
    long timeoutSeconds)
    implements SessionNode {

  /** A titled group of rows. */
  public record Section(String title, List<Choice> rows) {}

  public static final String TYPE = "list";

  static final Field<String> BODY = SessionFields.body(Limits.LIST_BODY_LENGTH);
  static final Field<String> BUTTON =
      Field.text("button", "Button label")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.LIST_BUTTON_LENGTH)
          .required()
          .describe("The label of the button that opens the list.");
  static final Field<String> ROW_ID =
      Field.text("id", "Id")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.LIST_ROW_ID_LENGTH)
          .required()
          .describe("What the contact's choice sends back; the value of the row's edge.");
  static final Field<String> ROW_TITLE =
      Field.text("title", "Title")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.LIST_ROW_TITLE_LENGTH)
          .required()
          .describe("The row's title.");
  static final Field<String> ROW_DESCRIPTION =
      Field.text("description", "Description")
          .maxLength(Limits.LIST_ROW_DESCRIPTION_LENGTH)
          .describe("A line below the row's title.");
  static final Field<List<JsonNode>> ROWS =
      Field.objects("rows", "Rows", ROW_ID, ROW_TITLE, ROW_DESCRIPTION)
          .required()
          .maxItems(Limits.LIST_ROWS)
          .describe("The section's rows; 10 rows at most in all sections, ids unique.");
  static final Field<String> SECTION_TITLE =
      Field.text("title", "Title")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.LIST_SECTION_TITLE_LENGTH)
          .describe("The section's title; required when the list has more than one section.");
  static final Field<List<JsonNode>> SECTIONS =
      Field.objects("sections", "Sections", SECTION_TITLE, ROWS)
          .required()
          .maxItems(Limits.LIST_SECTIONS)
          .describe("1 to 10 sections holding 10 rows at most in all.");

  public static final NodeKind<ListNode> KIND =
      NodeKind.ofType(TYPE, ListNode::read)
          .label("Send list")
          .describe(
              "Sends a list message: a button that opens up to 10 rows in sections (a session"
                  + " message: only within 24 hours of the contact's last message, else it takes"
                  + " window_closed). It waits for the contact when it has an edge a reply takes.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.WITH_REPLY_EDGES)
          .fields(
              SessionFields.HEADER,
              BODY,
              SessionFields.FOOTER,
              BUTTON,
              SECTIONS,
              SessionFields.TIMEOUT,
              Reprompt.TEXT,
              Reprompt.MAX)
          .outputs(
              new Output(
                  Trigger.LIST_REPLY,
                  "Row",
                  Output.Per.ROW,
                  "One handle per row; the edge's trigger_value is the row's id."),
              SessionFields.TEXT_REPLY,
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED,
              Reprompt.NO_MATCH,
              SessionFields.NEXT)
          .rules(ListNode::rules);

  /** Rows in all sections at most 10, row ids unique, section titles when there are several. */
  private static void rules(ListNode node, FieldCheck check) {
    List<JsonNode> sections = new ArrayList<>();
    SessionFields.items(node.data(), "sections").forEach(sections::add);
    int rows = 0;
    Map<String, String> ids = SessionFields.seen();
    for (int i = 0; i < sections.size(); i++) {
      JsonNode section = sections.get(i);
      String path = "sections[" + i + "]";
      Iterable<JsonNode> items = SessionFields.items(section, "rows");
      for (JsonNode ignored : items) {
        rows++;
      }
      SessionFields.unique(check, items, path + ".rows", "id", "duplicate_row", ids);
      if (sections.size() > 1 && section.isObject() && !SECTION_TITLE.isGiven(section)) {
        check.error(
            "missing_field",
            path + ".title",
            path + ".title is required when the list has more than one section");
      }
    }
    if (rows > Limits.LIST_ROWS) {
      check.error(
          "too_many_items",
          "sections",
          "sections hold " + rows + " rows in all; WhatsApp allows at most " + Limits.LIST_ROWS);
    }
  }

  private static ListNode read(NodeBase base) {
    JsonNode data = base.data();
    return new ListNode(
        base,
        SessionFields.HEADER.read(data),
        BODY.read(data),
        SessionFields.FOOTER.read(data),
        BUTTON.read(data),
        SECTIONS.read(data).stream()
            .map(
                s ->
                    new Section(
                        SECTION_TITLE.read(s),
                        ROWS.read(s).stream()
                            .map(
                                r ->
                                    new Choice(
                                        ROW_ID.read(r), ROW_TITLE.read(r), ROW_DESCRIPTION.read(r)))
                            .toList()))
            .toList(),
        SessionFields.TIMEOUT.read(data));
  }

  /** Every row, in order. */
  public List<Choice> rows() {
    return sections.stream().flatMap(s -> s.rows().stream()).toList();
  }

  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    List<Object> sections =
        this.sections.stream()
            .map(
                s ->
                    (Object)
                        SessionFields.ordered(
                            "title",
                            s.title(),
                            "rows",
                            s.rows().stream()
                                .map(
                                    r ->
                                        SessionFields.ordered(
                                            "id",
                                            r.id(),
                                            "title",
                                            r.title(),
                                            "description",
                                            r.description()))
                                .toList()))
            .toList();
    return new SessionMessage(
        "interactive",
        SessionFields.interactive(
            "list",
            header,
            body,
            footer,
            SessionFields.ordered("button", button, "sections", sections),
            render),
        body == null ? "" : render.apply(body),
        rows().stream().map(Choice::title).toList(),
        rows().stream().map(Choice::id).toList());
  }

  @Override
  public Set<String> edgeValues(Trigger trigger) {
    if (trigger != Trigger.LIST_REPLY) {
      return null;
    }
    Set<String> ids = new LinkedHashSet<>();
    rows().forEach(r -> ids.add(r.id()));
    return ids;
  }

  @Override
  public NodeKind<ListNode> kind() {
    return KIND;
  }
}
