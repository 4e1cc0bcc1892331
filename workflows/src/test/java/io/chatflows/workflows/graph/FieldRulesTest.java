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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers in node data have a range, names and texts a bound: each violation is an error naming the
 * node (or edge) and the field, so a draft lists it and activation refuses it.
 */
class FieldRulesTest {

  /** welcome --Track Order--> info, with extra data on the welcome node. */
  private static Flows.Builder waiting(String data) {
    return flow()
        .template("n1", WELCOME, data)
        .template("n2", INFO)
        .button("e1", "n1", "n2", "Track Order");
  }

  /** info --> a1 (an action with this data). */
  private static Flows.Builder action(String data) {
    return flow()
        .template("n1", INFO)
        .action("a1", data)
        .then("e1", "n1", "a1")
        .startTemplate(INFO.id());
  }

  private static List<Problem> validate(Flows.Builder flow) {
    return FlowValidator.validate(flow.graph(), flow.startTemplate(), CATALOG);
  }

  private static List<Problem> errors(Flows.Builder flow) {
    return validate(flow).stream().filter(Problem::isError).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "3600", "2592000", "'86400'"})
  void givenAReplyTimeoutInRange_whenValidated_itHasNoProblem(String seconds) {
    assertThat(validate(waiting("{'timeout_seconds': " + seconds + "}"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "0|out_of_range",
        "-5|out_of_range",
        "2592001|out_of_range",
        "1000000000000|out_of_range",
        "9223372036854775807|out_of_range",
        "92233720368547758070000|out_of_range",
        "1e300|out_of_range",
        "'-9999999999999999999999'|out_of_range",
        "1.5|invalid_number",
        "'soon'|invalid_number",
        "true|invalid_number",
        "{}|invalid_number"
      })
  void givenAReplyTimeoutOutOfRange_whenValidated_itIsAnErrorNamingNodeAndField(
      String seconds, String code) {
    assertThat(errors(waiting("{'timeout_seconds': " + seconds + "}")))
        .extracting(Problem::code, Problem::nodeId, Problem::edgeId, Problem::field)
        .containsExactly(tuple(code, "n1", null, "timeout_seconds"));
  }

  @Test
  void givenDelaysOutOfRange_whenValidated_eachFieldIsNamed() {
    assertThat(validate(action("{'action': 'delay', 'seconds': 0}"))).isEmpty();
    assertThat(validate(action("{'action': 'delay', 'delay_seconds': 2592000}"))).isEmpty();
    assertThat(errors(action("{'action': 'delay', 'seconds': 1000000000000, 'delay_seconds': -1}")))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(
            tuple("out_of_range", "a1", "seconds"), tuple("out_of_range", "a1", "delay_seconds"));
  }

  @Test
  void givenAFlowDefaultTimeoutOutOfRange_whenValidated_itNamesTheSetting() {
    Flows.Builder flow = waiting("{}");
    assertThat(FlowValidator.validate(flow.graph(), flow.startTemplate(), 86_400, CATALOG))
        .isEmpty();
    assertThat(FlowValidator.validate(flow.graph(), flow.startTemplate(), Long.MAX_VALUE, CATALOG))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(tuple("out_of_range", null, "settings.reply_timeout_seconds"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'action': 'set_variable', 'name': 'order.id', 'value': 'x'}|name",
        "{'action': 'set_variable', 'variable': '$where', 'value': 'x'}|variable",
        "{'action': 'set_attribute', 'name': 'a b', 'value': 'x'}|name",
        "{'action': 'set_attribute', 'attribute': '', 'value': 'x'}|attribute",
        "{'action': 'webhook', 'url': 'https://x.example', 'response_mapping': {'a.b': 'id'}}"
            + "|response_mapping.a.b"
      })
  void givenANameMongoCannotStore_whenValidated_itIsAnInvalidName(String data, String field) {
    assertThat(errors(action(data)))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(tuple("invalid_name", "a1", field));
  }

  @Test
  void givenNamesWithControlsOrTooLong_whenValidated_eachIsAnInvalidText() {
    Flows.Builder flow =
        flow()
            .template("n1", INFO)
            .action("a1", "{'action': 'tag', 'tags': ['vip', 'evil\\u202Egpj.exe', 'a\\u0000b']}")
            .action("a2", "{'action': 'send_text', 'text': '" + "x".repeat(4097) + "'}")
            .action("a3", "{'action': 'assign', 'team': '" + "t".repeat(201) + "'}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "a3")
            .startTemplate(INFO.id());
    flow.node("n" + "9".repeat(128), "action", "{'action': 'end'}");

    assertThat(errors(flow))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(
            tuple("invalid_text", "a1", "tags[1]"),
            tuple("invalid_text", "a1", "tags[2]"),
            tuple("invalid_text", "a2", "text"),
            tuple("invalid_text", "a3", "team"),
            tuple("invalid_text", "n" + "9".repeat(128), "id"));
  }

  @Test
  void givenAnEdgeLabelWithABidiOverride_whenValidated_itNamesTheEdgeAndField() {
    Flows.Builder flow = waiting("{}");
    flow.flowData()
        .withArray("edges")
        .addObject()
        .put("id", "e2")
        .put("source", "n1")
        .put("target", "n2")
        .put("label", "Button: Talk to an agent\u202E");

    assertThat(errors(flow))
        .extracting(Problem::code, Problem::edgeId, Problem::field)
        .contains(tuple("invalid_text", "e2", "label"));
  }
}
