package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.CATALOG;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatflows.workflows.testing.Flows;
import java.util.List;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** One graph per rule of spec §5, each valid but for the one defect the test adds. */
class FlowValidatorTest {

  /** welcome --Track Order--> info: valid. */
  private static Flows.Builder base() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", INFO)
        .button("e1", "n1", "n2", "Track Order");
  }

  private static List<Problem> validate(Flows.Builder flow) {
    return FlowValidator.validate(flow.graph(), flow.startTemplate(), CATALOG);
  }

  /** Asserts the problems as (code, severity, node id, edge id). */
  private static ListAssert<Tuple> assertProblems(Flows.Builder flow) {
    return assertThat(validate(flow))
        .extracting(p -> tuple(p.code(), p.severity(), p.nodeId(), p.edgeId()))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Tuple.class));
  }

  @Test
  void givenAGraphUsingEveryNodeTypeAndTrigger_whenValidated_itHasNoProblems() {
    Flows.Builder flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': 3600}")
            .template("n2", ORDER)
            .condition("c1", "{'subject': 'reply'}")
            .action("a1", "{'action': 'tag', 'tags': ['asked']}")
            .action("a2", "{'action': 'assign', 'team': 'support', 'handoff': true}")
            .action("a3", "{'action': 'send_text', 'text': 'Sorry'}")
            .template("n3", INFO)
            .template("n4", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n1", "a2", "Talk to an agent")
            .edge("e3", "n1", "c1", "text_reply", null)
            .edge("e4", "n1", "n4", "timeout", null)
            .edge("e5", "n1", "n4", "delivery_failed", null)
            .button("e6", "n2", "n3", "yes")
            // A cycle through a node that waits for the contact is fine: it asks again.
            .button("e7", "n2", "a1", "No")
            .then("e8", "a1", "n2")
            .when("e9", "c1", "a2", "matches", "(?i)agent|human")
            .when("e10", "c1", "n2", "contains", "order")
            .then("e11", "c1", "a3")
            .edge("e12", "a3", "n4", "delivery_failed", null);

    assertThat(validate(flow)).isEmpty();
  }

  @Test
  void givenNoStartTemplate_whenValidated_itReportsMissingStartTemplate() {
    assertProblems(base().startTemplate(" "))
        .containsExactly(tuple("missing_start_template", "error", null, null));
  }

  @Test
  void givenAStartTemplateThatDoesNotExist_whenValidated_itReportsUnknownStartTemplate() {
    assertProblems(base().startTemplate("tpl-nope"))
        .containsExactly(tuple("unknown_start_template", "error", null, null));
  }

  @Test
  void givenNoNodeSendingTheStartTemplate_whenValidated_itReportsNoStartNode() {
    assertProblems(base().startTemplate(ORDER.id()))
        .containsExactly(tuple("no_start_node", "error", null, null));
  }

  @Test
  void givenANodeOfAnUnknownType_whenValidated_itNamesTheNode() {
    Flows.Builder flow = base().button("e2", "n1", "x1", "Talk to an agent");
    flow.node("x1", "sticker", "{}");

    assertProblems(flow).containsExactly(tuple("unknown_node_type", "error", "x1", null));
  }

  @Test
  void givenAnActionOfAnUnknownKind_whenValidated_itNamesTheNode() {
    Flows.Builder flow =
        base().action("a1", "{'action': 'teleport'}").button("e2", "n1", "a1", "Talk to an agent");

    assertProblems(flow).containsExactly(tuple("unknown_action", "error", "a1", null));
  }

  @Test
  void givenEdgesFromAndToMissingNodes_whenValidated_itNamesTheEdges() {
    Flows.Builder flow =
        base().button("e2", "n1", "ghost", "Talk to an agent").then("e3", "phantom", "n2");

    assertProblems(flow)
        .containsExactly(
            tuple("missing_target_node", "error", null, "e2"),
            tuple("missing_source_node", "error", null, "e3"));
  }

  @Test
  void givenTwoNodesWithOneId_whenValidated_itReportsTheDuplicate() {
    Flows.Builder flow = base().template("n2", BYE);

    assertProblems(flow).containsExactly(tuple("duplicate_node_id", "error", "n2", null));
  }

  @Test
  void givenTwoEdgesWithOneId_whenValidated_itReportsTheDuplicate() {
    Flows.Builder flow = base().template("n3", BYE).button("e1", "n1", "n3", "Talk to an agent");

    assertProblems(flow).containsExactly(tuple("duplicate_edge_id", "error", null, "e1"));
  }

  @Test
  void givenNodesAndEdgesWithoutIds_whenValidated_itReportsThem() {
    Flows.Builder flow = base().then(null, "n2", "n1");
    flow.node(null, "action", "{'action': 'end'}");

    assertProblems(flow)
        .containsExactly(
            tuple("missing_node_id", "error", null, null),
            tuple("missing_edge_id", "error", null, null));
  }

  @Test
  void givenAnEdgeWithAnUnknownTrigger_whenValidated_itNamesTheEdge() {
    Flows.Builder flow = base().template("n3", BYE).edge("e2", "n1", "n3", "swipe", "left");

    List<Problem> problems = validate(flow);

    assertThat(problems)
        .extracting(Problem::code, Problem::nodeId, Problem::edgeId)
        .containsExactly(tuple("unknown_trigger", "n1", "e2"));
    assertThat(problems.get(0).message()).contains("swipe");
  }

  @Test
  void givenAButtonEdgeForTextTheTemplateDoesNotHave_whenValidated_itReportsUnknownButton() {
    Flows.Builder flow = base().template("n3", BYE).button("e2", "n1", "n3", "Cancel order");

    assertProblems(flow).containsExactly(tuple("unknown_button", "error", "n1", "e2"));
  }

  @Test
  void givenTwoEdgesOfANodeWithTheSameTriggerAndValue_whenValidated_itReportsTheSecond() {
    Flows.Builder flow = base().template("n3", BYE).button("e2", "n1", "n3", " track ORDER ");

    assertProblems(flow).containsExactly(tuple("duplicate_trigger", "error", "n1", "e2"));
  }

  @Test
  void givenTwoDefaultEdgesOfOneNode_whenValidated_itReportsADuplicateTrigger() {
    Flows.Builder flow = base().template("n3", BYE).then("e2", "n2", "n3").then("e3", "n2", "n1");

    assertProblems(flow).containsExactly(tuple("duplicate_trigger", "error", "n2", "e3"));
  }

  @Test
  void givenACycleOfActionsThatNeverWaits_whenValidated_itReportsASpinningCycle() {
    Flows.Builder flow =
        base()
            .action("a1", "{'action': 'set_variable', 'name': 'x', 'value': '1'}")
            .action("a2", "{'action': 'set_variable', 'name': 'x', 'value': '2'}")
            .then("e2", "n2", "a1")
            .then("e3", "a1", "a2")
            .then("e4", "a2", "a1");

    List<Problem> problems = validate(flow);

    assertThat(problems).extracting(Problem::code).containsExactly("spinning_cycle");
    assertThat(problems.get(0).nodeId()).isIn("a1", "a2");
    assertThat(problems.get(0).message()).contains("a1").contains("a2").doesNotContain("n2");
  }

  @Test
  void givenACycleThroughATemplateWithoutButtons_whenValidated_itReportsASpinningCycle() {
    Flows.Builder flow =
        base()
            .action("a1", "{'action': 'tag', 'tags': ['x']}")
            .then("e2", "n2", "a1")
            .then("e3", "a1", "n2");

    assertThat(validate(flow)).extracting(Problem::code).containsExactly("spinning_cycle");
  }

  @Test
  void givenANodeWithAnEdgeToItself_whenValidated_itReportsASpinningCycle() {
    Flows.Builder flow =
        base()
            .action("a1", "{'action': 'tag', 'tags': ['x']}")
            .then("e2", "n2", "a1")
            .then("e3", "a1", "a1");

    assertProblems(flow).containsExactly(tuple("spinning_cycle", "error", "a1", null));
  }

  @Test
  void givenANodeNoEdgeLeadsTo_whenValidated_itWarnsThatItIsUnreachable() {
    List<Problem> problems = validate(base().template("n3", BYE));

    assertThat(problems)
        .extracting(Problem::code, Problem::severity, Problem::nodeId)
        .containsExactly(tuple("unreachable_node", "warning", "n3"));
    assertThat(problems).noneMatch(Problem::isError);
  }

  @Test
  void givenATemplateNodeNamingNoKnownTemplate_whenValidated_itReportsUnknownTemplate() {
    Flows.Builder flow = base().button("e2", "n1", "n3", "Talk to an agent");
    flow.node("n3", "template", "{'template_id': 'tpl-nope', 'template_name': 'nope'}");

    assertProblems(flow).containsExactly(tuple("unknown_template", "error", "n3", null));
  }

  @Test
  void givenATemplateNodeWhoseTemplateIsPausedAtWhatsApp_whenValidated_itReportsAnError() {
    TemplateSpec paused =
        new TemplateSpec("tpl-paused", "paused_offer", "en_US", List.of(), null, null, "PAUSED");
    FlowCompiler.TemplateCatalog catalog =
        FlowCompiler.catalogOf(
            id -> id.equals("tpl-paused") ? paused : CATALOG.byId(id).orElse(null),
            name -> name.equals("paused_offer") ? paused : CATALOG.byName(name).orElse(null));
    Flows.Builder flow = base().button("e2", "n1", "n3", "Talk to an agent");
    flow.node("n3", "template", "{'template_id': 'tpl-paused'}");

    List<Problem> problems = FlowValidator.validate(flow.graph(), flow.startTemplate(), catalog);

    assertThat(problems)
        .extracting(p -> tuple(p.code(), p.severity(), p.nodeId(), p.field()))
        .containsExactly(tuple("template_not_sendable", "error", "n3", "template_id"));
    assertThat(problems.get(0).message()).contains("PAUSED");
  }

  @Test
  void givenATemplateApprovedAgain_whenValidated_itHasNoProblem() {
    TemplateSpec approved =
        new TemplateSpec("tpl-info", "info", "en", List.of(), null, null, "APPROVED");
    assertThat(approved.sendable()).isTrue();
    assertThat(approved.status()).isNull();
  }

  @Test
  void givenATemplateNamedOnlyByName_whenValidated_itResolvesIt() {
    Flows.Builder flow = base().button("e2", "n1", "n3", "Talk to an agent");
    flow.node("n3", "template", "{'template_name': 'bye'}");

    assertThat(validate(flow)).isEmpty();
  }

  /** welcome --Talk to an agent--> c1 --(operator value)--> n3, else n2. */
  private static Flows.Builder conditionOn(String operator, String value) {
    return base()
        .condition("c1", "{'subject': 'reply'}")
        .template("n3", BYE)
        .button("e2", "n1", "c1", "Talk to an agent")
        .when("e3", "c1", "n3", operator, value)
        .then("e4", "c1", "n2");
  }

  @Test
  void givenAConditionEdgeWithAnUnknownOperator_whenValidated_itNamesTheEdge() {
    assertProblems(conditionOn("approximately", "yes"))
        .containsExactly(tuple("unknown_operator", "error", "c1", "e3"));
  }

  @Test
  void givenAMatchesEdgeWithAnInvalidRegex_whenValidated_itNamesTheEdge() {
    assertProblems(conditionOn("matches", "([a-z"))
        .containsExactly(tuple("invalid_regex", "error", "c1", "e3"));
  }

  @Test
  void givenAConditionEdgeWithoutOperator_whenValidated_itDefaultsToEquals() {
    assertThat(validate(conditionOn(null, "yes"))).isEmpty();
  }

  @Test
  void givenTriggersLeavingTheWrongKindOfNode_whenValidated_itReportsThem() {
    Flows.Builder flow =
        base()
            .action("a1", "{'action': 'end'}")
            .template("n3", BYE)
            .then("e2", "n2", "a1")
            .edge("e3", "a1", "n3", "text_reply", null)
            .edge("e4", "n2", "n3", "condition", "x")
            .edge("e5", "a1", "n3", "button_click", "Yes");

    assertProblems(flow)
        .containsExactly(
            tuple("trigger_needs_template", "error", "a1", "e3"),
            tuple("trigger_needs_condition", "error", "n2", "e4"),
            tuple("trigger_needs_template", "error", "a1", "e5"));
  }

  @Test
  void givenAGraphWithSeveralDefects_whenValidated_itReportsEveryOne() {
    Flows.Builder flow =
        base()
            .template("n3", BYE)
            .button("e2", "n1", "ghost", "Cancel order")
            .edge("e3", "n2", "n3", "swipe", null);

    assertThat(validate(flow))
        .extracting(Problem::code)
        .containsExactlyInAnyOrder("missing_target_node", "unknown_button", "unknown_trigger");
  }
}
