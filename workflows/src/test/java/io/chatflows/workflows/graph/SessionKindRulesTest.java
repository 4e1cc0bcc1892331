package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.CATALOG;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatflows.workflows.testing.Flows;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WhatsApp's limits on session messages as validation rules: each problem names the node and the
 * field (its path in the node's data), and a value just inside each limit passes.
 */
class SessionKindRulesTest {

  private static final String BUTTONS =
      "'body': 'Pick one', 'buttons': [{'id': 'yes', 'title': 'Yes'}, {'id': 'no', 'title': 'No'}]";
  private static final String SECTIONS =
      "'body': 'Choose', 'button': 'Options', 'sections': [{'title': 'Ship', 'rows': [{'id':"
          + " 'fast', 'title': 'Express', 'description': 'Next day'}, {'id': 'slow', 'title':"
          + " 'Standard'}]}]";

  /**
   * welcome --text_reply--> n9 (a node of this type with this data): n9 after the contact wrote.
   */
  private static Flows.Builder node(String type, String data) {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "n9", "text_reply", null);
    flow.node("n9", type, data);
    return flow;
  }

  private static List<Problem> validate(Flows.Builder flow) {
    return FlowValidator.validate(flow.graph(), flow.startTemplate(), CATALOG);
  }

  private static String times(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "buttons  | {" + BUTTONS + "}",
        "buttons  | {'header': 'Hi {{contact.name}}', 'footer': 'Thanks', " + BUTTONS + "}",
        "buttons  | {'body': 'One', 'buttons': [{'id': 'a', 'title': 'Twenty characters!!'}]}",
        "list     | {" + SECTIONS + "}",
        "media    | {'media_type': 'image', 'link': 'https://cdn.example/p.png', 'caption': 'x'}",
        "media    | {'media_type': 'document', 'media_id': '1234567890', 'filename': 'a.pdf'}",
        "media    | {'media_type': 'audio', 'link': 'https://cdn.example/a.ogg'}",
        "cta_url  | {'body': 'See', 'display_text': 'Open', 'url': 'https://shop.example/o'}",
        "cta_url  | {'body': 'See', 'display_text': 'Open', 'url': '{{variables.link}}'}",
        "location_request | {'body': 'Where are you?'}",
      })
  void givenAValidSessionNode_whenValidated_itHasNoProblem(String type, String data) {
    Flows.Builder flow = node(type, data);
    if (data.contains("variables.link")) {
      flow.action("a1", "{'action': 'set_variable', 'name': 'link', 'value': 'x'}");
      flow.then("e9", "n9", "a1");
    }
    assertThat(validate(flow)).isEmpty();
  }

  /** {@code <n>} in the data stands for a text of n characters. */
  @ParameterizedTest(name = "{0}: {3} {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "buttons | {'body': 'x'} | missing_field | buttons",
        "buttons | {'body': 'x', 'buttons': []} | missing_field | buttons",
        "buttons | {'body': 'x', 'buttons': 'yes'} | invalid_type | buttons",
        "buttons | {'body': 'x', 'buttons': ['yes']} | invalid_type | buttons[0]",
        "buttons | {'body': 'x', 'buttons': [{'id': 'a', 'title': 'A'}, {'id': 'b', 'title': 'B'},"
            + " {'id': 'c', 'title': 'C'}, {'id': 'd', 'title': 'D'}]} | too_many_items | buttons",
        "buttons | {'body': 'x', 'buttons': [{'id': 'a', 'title': '<21>'}]} | invalid_text"
            + " | buttons[0].title",
        "buttons | {'body': 'x', 'buttons': [{'id': 'a'}]} | missing_field | buttons[0].title",
        "buttons | {'body': 'x', 'buttons': [{'title': 'A'}]} | missing_field | buttons[0].id",
        "buttons | {'body': 'x', 'buttons': [{'id': '<257>', 'title': 'A'}]} | invalid_text"
            + " | buttons[0].id",
        "buttons | {'body': 'x', 'buttons': [{'id': 'a', 'title': 'A'}, {'id': 'a', 'title':"
            + " 'B'}]} | duplicate_button | buttons[1].id",
        "buttons | {'body': 'x', 'buttons': [{'id': 'a', 'title': 'Yes'}, {'id': 'b', 'title':"
            + " ' YES '}]} | duplicate_button | buttons[1].title",
        "buttons | {'buttons': [{'id': 'a', 'title': 'A'}]} | missing_field | body",
        "buttons | {'body': ' ', 'buttons': [{'id': 'a', 'title': 'A'}]} | invalid_text | body",
        "buttons | {'body': '<1025>', 'buttons': [{'id': 'a', 'title': 'A'}]} | invalid_text"
            + " | body",
        "buttons | {'header': '<61>', " + BUTTONS + "} | invalid_text | header",
        "buttons | {'footer': '<61>', " + BUTTONS + "} | invalid_text | footer",
        "buttons | {'body': 'Hi {{contact.nmae}}', 'buttons': [{'id': 'a', 'title': 'A'}]}"
            + " | unknown_placeholder | body",
        "buttons | {'timeout_seconds': 0, " + BUTTONS + "} | out_of_range | timeout_seconds",
        "list | {'body': 'x', 'sections': [{'rows': [{'id': 'a', 'title': 'A'}]}]}"
            + " | missing_field | button",
        "list | {'body': 'x', 'button': '<21>', 'sections': [{'rows': [{'id': 'a', 'title':"
            + " 'A'}]}]} | invalid_text | button",
        "list | {'body': 'x', 'button': 'B'} | missing_field | sections",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'rows': []}]} | missing_field"
            + " | sections[0].rows",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'rows': [{'id': 'a', 'title':"
            + " '<25>'}]}]} | invalid_text | sections[0].rows[0].title",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'rows': [{'id': 'a', 'title': 'A',"
            + " 'description': '<73>'}]}]} | invalid_text | sections[0].rows[0].description",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'rows': [{'id': '<201>', 'title':"
            + " 'A'}]}]} | invalid_text | sections[0].rows[0].id",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'title': '<25>', 'rows': [{'id': 'a',"
            + " 'title': 'A'}]}]} | invalid_text | sections[0].title",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'title': 'S', 'rows': [{'id': 'a',"
            + " 'title': 'A'}]}, {'rows': [{'id': 'b', 'title': 'B'}]}]} | missing_field"
            + " | sections[1].title",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'title': 'S', 'rows': [{'id': 'a',"
            + " 'title': 'A'}]}, {'title': 'T', 'rows': [{'id': 'a', 'title': 'B'}]}]}"
            + " | duplicate_row | sections[1].rows[0].id",
        "list | {'body': 'x', 'button': 'B', 'sections': [{'title': 'S', 'rows': [{'id': 'a',"
            + " 'title': 'A'}, {'id': 'b', 'title': 'A'}, {'id': 'c', 'title': 'A'}, {'id': 'd',"
            + " 'title': 'A'}, {'id': 'e', 'title': 'A'}, {'id': 'f', 'title': 'A'}]}, {'title':"
            + " 'T', 'rows': [{'id': 'g', 'title': 'A'}, {'id': 'h', 'title': 'A'}, {'id': 'i',"
            + " 'title': 'A'}, {'id': 'j', 'title': 'A'}, {'id': 'k', 'title': 'A'}]}]}"
            + " | too_many_items | sections",
        "list | {'body': '<4097>', 'button': 'B', 'sections': [{'rows': [{'id': 'a', 'title':"
            + " 'A'}]}]} | invalid_text | body",
        "media | {'link': 'https://cdn.example/p.png'} | missing_field | media_type",
        "media | {'media_type': 'sticker', 'link': 'https://cdn.example/p.webp'} | invalid_choice"
            + " | media_type",
        "media | {'media_type': 'image'} | missing_field | link",
        "media | {'media_type': 'image', 'link': 'http://cdn.example/p.png'} | invalid_url | link",
        "media | {'media_type': 'image', 'link': 'https://cdn.example/p.png', 'media_id': '1'}"
            + " | conflicting_fields | media_id",
        "media | {'media_type': 'audio', 'link': 'https://cdn.example/a.ogg', 'caption': 'x'}"
            + " | not_allowed | caption",
        "media | {'media_type': 'image', 'link': 'https://cdn.example/p.png', 'filename': 'p'}"
            + " | not_allowed | filename",
        "media | {'media_type': 'video', 'media_id': '1', 'caption': '<1025>'} | invalid_text"
            + " | caption",
        "cta_url | {'body': 'x', 'url': 'https://a.example'} | missing_field | display_text",
        "cta_url | {'body': 'x', 'display_text': '<21>', 'url': 'https://a.example'}"
            + " | invalid_text | display_text",
        "cta_url | {'body': 'x', 'display_text': 'Open'} | missing_field | url",
        "cta_url | {'body': 'x', 'display_text': 'Open', 'url': 'http://a.example'} | invalid_url"
            + " | url",
        "cta_url | {'body': '<1025>', 'display_text': 'Open', 'url': 'https://a.example'}"
            + " | invalid_text | body",
        "location_request | {} | missing_field | body",
        "location_request | {'body': '<1025>'} | invalid_text | body",
      })
  void givenAValueOutsideWhatsAppsLimits_whenValidated_theProblemNamesNodeAndField(
      String type, String data, String code, String field) {
    String expanded = data;
    for (int n : new int[] {21, 25, 61, 73, 201, 257, 1025, 4097}) {
      expanded = expanded.replace("<" + n + ">", times('a', n));
    }

    List<Problem> problems = validate(node(type, expanded));

    assertThat(problems)
        .extracting(Problem::code, Problem::severity, Problem::nodeId, Problem::field)
        .contains(tuple(code, "error", "n9", field));
  }

  @Test
  void givenTheLimitsExactly_whenValidated_theyPass() {
    String buttons =
        "{'header': '%s', 'footer': '%s', 'body': '%s', 'buttons': [{'id': '%s', 'title': '%s'},"
            + " {'id': 'b', 'title': 'b'}, {'id': 'c', 'title': 'c'}]}";
    String list =
        "{'body': '%s', 'button': '%s', 'sections': [{'title': '%s', 'rows': [{'id': '%s',"
            + " 'title': '%s', 'description': '%s'}, %s]}]}";
    StringBuilder nine = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      nine.append(i == 0 ? "" : ", ").append("{'id': 'r" + i + "', 'title': 'R'}");
    }

    assertThat(
            validate(
                node(
                    "buttons",
                    buttons.formatted(
                        times('h', 60),
                        times('f', 60),
                        times('b', 1024),
                        times('i', 256),
                        times('t', 20)))))
        .isEmpty();
    assertThat(
            validate(
                node(
                    "list",
                    list.formatted(
                        times('b', 4096),
                        times('l', 20),
                        times('s', 24),
                        times('i', 200),
                        times('t', 24),
                        times('d', 72),
                        nine))))
        .isEmpty();
  }

  @Test
  void givenReplyEdges_whenValidated_theirValuesMustBeTheNodesIdsAndTypes() {
    Flows.Builder flow = node("buttons", "{" + BUTTONS + "}").template("n2", INFO);
    flow.node("n3", "list", "{" + SECTIONS + "}");
    flow.node("n4", "media", "{'media_type': 'image', 'media_id': '1'}");
    flow.edge("e2", "n9", "n2", "button_reply", "yes")
        .edge("e3", "n9", "n2", "button_reply", "maybe")
        .edge("e4", "n9", "n3", "text_reply", null)
        .edge("e5", "n3", "n2", "list_reply", "fast")
        .edge("e6", "n3", "n2", "list_reply", "express")
        .edge("e7", "n3", "n4", "text_reply", null)
        .edge("e8", "n4", "n2", "media_received", "image")
        .edge("e9", "n4", "n2", "media_received", "gif")
        .edge("e10", "n4", "n2", "media_received", null)
        .edge("e11", "n1", "n2", "button_reply", "yes");

    assertThat(validate(flow))
        .extracting(Problem::code, Problem::severity, Problem::edgeId)
        .containsExactly(
            tuple("unknown_button", "error", "e3"),
            tuple("unknown_row", "error", "e6"),
            tuple("invalid_choice", "error", "e9"),
            tuple("unsupported_trigger", "error", "e11"));
  }

  @Test
  void givenASessionNodeBeforeTheContactWrote_whenValidated_itIsWarned() {
    Flows.Builder early =
        flow()
            .template("n1", INFO)
            .startTemplate(INFO.id())
            .then("e1", "n1", "n2")
            .action("n2", "{'action': 'tag', 'tags': ['x']}")
            .then("e2", "n2", "n9");
    early.node("n9", "location_request", "{'body': 'Where?'}");
    Flows.Builder afterTimeout =
        flow().template("n1", WELCOME).edge("e1", "n1", "n9", "timeout", null);
    afterTimeout.node("n9", "location_request", "{'body': 'Where?'}");
    afterTimeout.button("e2", "n1", "n3", "Track Order");
    afterTimeout.node(
        "n3", "cta_url", "{'body': 'x', 'display_text': 'Open', 'url': 'https://a.example'}");

    assertThat(validate(early))
        .extracting(Problem::code, Problem::severity, Problem::nodeId)
        .containsExactly(tuple("session_before_reply", "warning", "n9"));
    assertThat(validate(afterTimeout))
        .extracting(Problem::code, Problem::nodeId)
        .contains(tuple("session_before_reply", "n9"))
        .doesNotContain(tuple("session_before_reply", "n3"));
    assertThat(validate(node("location_request", "{'body': 'Where?'}"))).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "buttons | {'body': 7, 'buttons': [null, 3, [], {'id': {}, 'title': []}]}",
        "buttons | {'body': null, 'buttons': {'id': 'a'}, 'header': {}, 'footer': []}",
        "list | {'body': [], 'button': 3, 'sections': [null, 'x', {'title': 1, 'rows': 'a'}]}",
        "list | {'sections': [{'rows': [null, {'id': null}, 7]}, {'rows': {}}]}",
        "media | {'media_type': [], 'link': 5, 'media_id': {}, 'caption': [], 'filename': 1}",
        "media | {'media_type': 'audio', 'caption': null, 'filename': null, 'link': null}",
        "cta_url | {'url': [], 'display_text': {}, 'body': true}",
        "location_request | {'body': {'text': 'x'}, 'timeout_seconds': 'soon'}",
      })
  void givenOddShapes_whenValidatedAndCompiled_problemsAreReportedAndNothingThrows(
      String type, String data) {
    Flows.Builder flow = node(type, data);

    List<Problem> problems = validate(flow);

    assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.nodeId()).isEqualTo("n9"));
    GraphNode read = flow.graph().nodes().get(1);
    assertThat(read).isInstanceOf(SessionNode.class);
    assertThat(((SessionNode) read).message(text -> text)).isNotNull();
  }
}
