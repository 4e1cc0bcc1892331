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
 * Each kind's declared fields as validation rules: a field a kind requires, a value of the wrong
 * type, a choice it does not offer, a URL that is none, a placeholder no conversation knows. Each
 * problem names the node and the field (the path in the node's {@code data}).
 */
class KindRulesTest {

  /** info --> n9 (a node of this type with this data). */
  private static Flows.Builder node(String type, String data) {
    Flows.Builder flow =
        flow().template("n1", INFO).then("e1", "n1", "n9").startTemplate(INFO.id());
    flow.node("n9", type, data);
    return flow;
  }

  private static List<Problem> validate(Flows.Builder flow) {
    return FlowValidator.validate(flow.graph(), flow.startTemplate(), CATALOG);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "template  | {'template_id': 'tpl-info', 'timeout_seconds': 60}",
        "template  | {'template_name': 'info'}",
        "condition | {}",
        "condition | {'subject': 'attribute', 'key': 'tier'}",
        "condition | {'subject': 'tags'}",
        "action    | {'action': 'assign', 'agent': 'Ada'}",
        "action    | {'action': 'assign', 'handoff': true}",
        "action    | {'action': 'tag', 'tags': ['vip', 'new']}",
        "action    | {'action': 'tag', 'tag': 'vip'}",
        "action    | {'action': 'untag', 'tags': 'vip'}",
        "action    | {'action': 'set_variable', 'name': 'order_id', 'value': '{{reply.text}}'}",
        "action    | {'action': 'set_variable', 'variable': 'order_id'}",
        "action    | {'action': 'set_attribute', 'name': 'tier', 'value': '{{contact.name}}'}",
        "action    | {'action': 'set_attribute', 'attribute': 'tier', 'value': 'gold'}",
        "action    | {'action': 'webhook', 'url': 'https://desk.example/t/{{contact.wa_id}}',"
            + " 'method': 'PUT', 'headers': {'X-Key': 'k'}, 'body': {'a': ['{{reply.text}}']},"
            + " 'response_mapping': {'ticket': 'ticket.id'}}",
        "action    | {'action': 'webhook', 'url': '{{attributes.callback}}', 'body': 'plain'}",
        "action    | {'action': 'delay', 'seconds': '60'}",
        "action    | {'action': 'delay', 'delay_seconds': 60}",
        "action    | {'action': 'send_text', 'text': 'Hi {{ contact.name }}\\nbye'}",
        "action    | {'action': 'send_text', 'text': '{{contact.attributes.tier}}'}",
        "action    | {'action': 'end', 'label': 'builder keys are kept and ignored'}",
      })
  void givenANodeOfEachKindWithItsFields_whenValidated_itHasNoProblem(String type, String data) {
    assertThat(validate(node(type, data))).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "template  | {}                                                 | missing_field | template_id",
        "template  | {'template_id': {'id': 'tpl-info'}}                | invalid_type  | template_id",
        "template  | {'template_id': 'tpl-info', 'parameters': 'x'}     | invalid_type  | parameters",
        "template  | {'template_id': 'tpl-info', 'parameters': {'body': 'x {{contact.nmae}}'}}"
            + " | unknown_placeholder | parameters.body",
        "template  | {'template_id': 'tpl-info', 'parameters': {'body': ['ok', {'a': 1}]}}"
            + " | invalid_type | parameters.body[1]",
        "condition | {'subject': 'mood'}                                | invalid_choice | subject",
        "condition | {'subject': 'variable'}                            | missing_field | key",
        "condition | {'subject': 'attribute', 'key': 'a.b'}             | invalid_name  | key",
        "action    | {'action': 'assign'}                               | missing_field | team",
        "action    | {'action': 'assign', 'team': 'x', 'handoff': 'maybe'} | invalid_type | handoff",
        "action    | {'action': 'tag'}                                  | missing_field | tags",
        "action    | {'action': 'untag', 'tags': []}                    | missing_field | tags",
        "action    | {'action': 'tag', 'tags': {'a': 'b'}}              | invalid_type  | tags",
        "action    | {'action': 'set_variable', 'value': 'x'}           | missing_field | name",
        "action    | {'action': 'set_variable', 'name': {}}             | invalid_type  | name",
        "action    | {'action': 'set_variable', 'name': 'a', 'value': '{{variables.a.b}}'}"
            + " | unknown_placeholder | value",
        "action    | {'action': 'set_attribute', 'value': 'x'}          | missing_field | name",
        "action    | {'action': 'webhook'}                              | missing_field | url",
        "action    | {'action': 'webhook', 'url': 'ftp://files.example/x'} | invalid_url | url",
        "action    | {'action': 'webhook', 'url': ' '}                  | invalid_text  | url",
        "action    | {'action': 'webhook', 'url': 'https://x.example', 'method': 'TRACE'}"
            + " | invalid_choice | method",
        "action    | {'action': 'webhook', 'url': 'https://x.example', 'headers': 'X-A: 1'}"
            + " | invalid_type | headers",
        "action    | {'action': 'webhook', 'url': 'https://x.example', 'headers': {'X-A': 'a\\r\\nX-B: b'}}"
            + " | invalid_text | headers.X-A",
        "action    | {'action': 'webhook', 'url': 'https://x.example', 'body': {'a': ['{{contact.nmae}}']}}"
            + " | unknown_placeholder | body.a[0]",
        "action    | {'action': 'delay'}                                | missing_field | seconds",
        "action    | {'action': 'send_text'}                            | missing_field | text",
        "action    | {'action': 'send_text', 'text': '   '}             | invalid_text  | text",
        "action    | {'action': 'send_text', 'text': 'Hi {{contact.nmae}}'} | unknown_placeholder | text",
        "action    | {'action': 'send_text', 'text': 'Order {{1}}'}     | unknown_placeholder | text",
      })
  void givenANodeBreakingOneFieldRule_whenValidated_itNamesTheNodeAndField(
      String type, String data, String code, String field) {
    assertThat(validate(node(type, data)).stream().filter(Problem::isError))
        .extracting(Problem::code, Problem::nodeId, Problem::field)
        .containsExactly(tuple(code, "n9", field));
  }

  @Test
  void givenAPlaceholderWithATypo_whenValidated_theMessageNamesItAndTheKnownOnes() {
    Problem problem =
        validate(node("action", "{'action': 'send_text', 'text': 'Hi {{contact.nmae}}!'}")).get(0);

    assertThat(problem.message())
        .contains("{{contact.nmae}}")
        .contains("{{contact.name}}")
        .contains("{{variables.<name>}}");
  }

  @Test
  void givenAVariableNoNodeSets_whenValidated_itWarnsWhereItIsRead() {
    Flows.Builder flow =
        flow()
            .template("n1", INFO, "{'parameters': {'body': ['{{variables.order_id}}']}}")
            .action(
                "a1",
                "{'action': 'webhook', 'url': 'https://x.example',"
                    + " 'response_mapping': {'ticket': 'id'}}")
            .condition("c1", "{'subject': 'variable', 'key': 'segment'}")
            .action(
                "a2",
                "{'action': 'send_text', 'text': '{{variables.ticket}}"
                    + " {{variables.webhook_status}} {{variables.order_id}}'}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "c1")
            .then("e3", "c1", "a2")
            .startTemplate(INFO.id());

    assertThat(validate(flow))
        .extracting(Problem::code, Problem::severity, Problem::nodeId, Problem::field)
        .containsExactly(
            tuple("unset_variable", "warning", "n1", "parameters.body[0]"),
            tuple("unset_variable", "warning", "c1", "key"));
  }

  @Test
  void givenATemplateWithParameters_whenANodeGivesAnotherNumber_itWarnsNamingTheField() {
    TemplateSpec order =
        TemplateSpec.of(
            "tpl-p", "order", "en", List.of("Yes"), "Order {{1}}", "Hi {{1}}, order {{2}}");
    FlowCompiler.TemplateCatalog catalog =
        FlowCompiler.catalogOf(
            id -> id.equals(order.id()) ? order : CATALOG.byId(id).orElse(null),
            name -> CATALOG.byName(name).orElse(null));
    Flows.Builder flow =
        flow()
            .template("n1", INFO)
            .template("n2", order, "{'parameters': {'body': ['{{contact.name}}']}}")
            .then("e1", "n1", "n2")
            .startTemplate(INFO.id());

    assertThat(FlowValidator.validate(flow.graph(), flow.startTemplate(), catalog))
        .extracting(Problem::code, Problem::severity, Problem::nodeId, Problem::field)
        .containsExactly(
            tuple("parameter_count", "warning", "n2", "parameters.body"),
            tuple("parameter_count", "warning", "n2", "parameters.header"));
    Flows.Builder matching =
        flow()
            .template("n1", INFO)
            .template(
                "n2",
                order,
                "{'parameters': {'body': ['{{contact.name}}', 'A-1'], 'header': ['7']}}")
            .then("e1", "n1", "n2")
            .startTemplate(INFO.id());
    assertThat(FlowValidator.validate(matching.graph(), matching.startTemplate(), catalog))
        .isEmpty();
    assertThat(order.bodyParameters()).isEqualTo(2);
    assertThat(order.headerParameters()).isEqualTo(1);
    assertThat(TemplateSpec.of("t", "t", "en", List.of(), null, "No {{ 3 }} gaps").bodyParameters())
        .isEqualTo(3);
  }

  @Test
  void givenEdgesNoNodeOfItsKindTakes_whenValidated_savedOnesWarnAndOthersAreErrors() {
    Flows.Builder flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .condition("c1", "{}")
            .action("a1", "{'action': 'tag', 'tags': ['x']}")
            .action("a2", "{'action': 'end'}")
            .button("e1", "n1", "c1", "Track Order")
            .then("e2", "c1", "a1")
            .edge("e3", "a1", "a2", "delivery_failed", null)
            .then("e4", "a1", "n2")
            .then("e5", "a2", "n2")
            .edge("e6", "c1", "n2", "delivery_failed", null);

    List<Problem> problems = validate(flow);

    assertThat(problems)
        .extracting(Problem::code, Problem::severity, Problem::edgeId)
        .containsExactly(
            tuple("edge_never_taken", "warning", "e3"),
            tuple("edge_never_taken", "warning", "e5"),
            tuple("trigger_needs_template", "error", "e6"));
    assertThat(problems.get(2).message())
        .isEqualTo(
            "delivery_failed edges leave template or buttons or list or media or cta_url or"
                + " location_request or question or action.send_text nodes only");
  }
}
