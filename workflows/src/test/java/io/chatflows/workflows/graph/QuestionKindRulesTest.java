package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.CATALOG;
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
 * The rules of a question and of re-prompts: each problem names the node and the field, and a value
 * just inside each bound passes.
 */
class QuestionKindRulesTest {

  /** welcome --text_reply--> q1 (a node of this type with this data), q1 --default--> e. */
  private static Flows.Builder node(String type, String data) {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "q1", "text_reply", null);
    flow.node("q1", type, data);
    return flow;
  }

  private static List<Problem> validate(Flows.Builder flow) {
    return FlowValidator.validate(flow.graph(), flow.startTemplate(), CATALOG);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'prompt': 'Name?', 'variable': 'name'}",
        "{'prompt': 'Age?', 'answer_type': 'number', 'variable': 'age', 'max_reprompts': 10}",
        "{'prompt': 'Age?', 'answer_type': 'number', 'variable': 'age', 'max_reprompts': 0}",
        "{'prompt': 'Pick', 'answer_type': 'options', 'variable': 'c', 'options': ['a', 'b',"
            + " 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']}",
        "{'prompt': 'Code?', 'answer_type': 'regex', 'variable': 'code', 'pattern': '[A-Z]{2}\\\\d+'}",
        "{'prompt': 'Hi {{contact.name}}', 'variable': 'x', 'reprompt_text': 'Again,"
            + " {{contact.name}}?'}",
      })
  void givenAValidQuestion_whenValidated_itHasNoProblem(String data) {
    assertThat(validate(node("question", data))).isEmpty();
  }

  @ParameterizedTest(name = "{1} {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'variable': 'name'} | missing_field | prompt",
        "{'prompt': ' ', 'variable': 'name'} | invalid_text | prompt",
        "{'prompt': 'Name?'} | missing_field | variable",
        "{'prompt': 'Name?', 'variable': 'first name'} | invalid_name | variable",
        "{'prompt': 'Name?', 'variable': 'a.b'} | invalid_name | variable",
        "{'prompt': 'Name?', 'variable': 'n', 'answer_type': 'colour'} | invalid_choice |"
            + " answer_type",
        "{'prompt': 'Pick', 'variable': 'c', 'answer_type': 'options'} | missing_field | options",
        "{'prompt': 'Pick', 'variable': 'c', 'answer_type': 'options', 'options': []} |"
            + " missing_field | options",
        "{'prompt': 'Pick', 'variable': 'c', 'answer_type': 'options', 'options': ['a', 'b', 'c',"
            + " 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']} | too_many_items | options",
        "{'prompt': 'Pick', 'variable': 'c', 'answer_type': 'options', 'options': ['Yes', ' yes']}"
            + " | duplicate_option | options[1]",
        "{'prompt': 'Code?', 'variable': 'c', 'answer_type': 'regex'} | missing_field | pattern",
        "{'prompt': 'Code?', 'variable': 'c', 'answer_type': 'regex', 'pattern': '[A-Z'} |"
            + " invalid_pattern | pattern",
        "{'prompt': 'Age?', 'variable': 'a', 'max_reprompts': 11} | out_of_range | max_reprompts",
        "{'prompt': 'Age?', 'variable': 'a', 'max_reprompts': -1} | out_of_range | max_reprompts",
        "{'prompt': 'Age?', 'variable': 'a', 'max_reprompts': 'two'} | invalid_number |"
            + " max_reprompts",
        "{'prompt': 'Age?', 'variable': 'a', 'reprompt_text': ''} | invalid_text | reprompt_text",
      })
  void givenAnInvalidQuestion_whenValidated_theProblemNamesTheField(
      String data, String code, String field) {
    assertThat(validate(node("question", data)))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(tuple(code, "q1", field));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "buttons | {'body': 'x', 'buttons': [{'id': 'a', 'title': 'A'}], 'max_reprompts': 11}",
        "location_request | {'body': 'Where?', 'max_reprompts': 11}",
      })
  void givenAWaitingNodeWithTooManyReprompts_whenValidated_itIsOutOfRange(
      String type, String data) {
    assertThat(validate(node(type, data)))
        .extracting(Problem::code, Problem::field)
        .containsExactly(tuple("out_of_range", "max_reprompts"));
  }

  @Test
  void givenAnAnswerSavedInAVariable_whenAPlaceholderReadsIt_noUnsetVariableIsReported() {
    Flows.Builder flow = node("question", "{'prompt': 'Name?', 'variable': 'name'}");
    flow.action("a1", "{'action': 'send_text', 'text': 'Hi {{variables.name}}'}");
    flow.then("e2", "q1", "a1");

    assertThat(validate(flow)).isEmpty();
  }

  @Test
  void givenANoMatchEdge_whenItLeavesAButtonsNode_itIsAccepted_andAnInvalidEdgeIsNot() {
    Flows.Builder flow =
        node("buttons", "{'body': 'x', 'buttons': [{'id': 'a', 'title': 'A'}]}")
            .template("n2", Flows.INFO)
            .edge("e2", "q1", "n2", "no_match", null)
            .edge("e3", "q1", "n2", "invalid", null);

    assertThat(validate(flow))
        .extracting(Problem::code, Problem::edgeId)
        .containsExactly(tuple("unsupported_trigger", "e3"));
  }
}
