package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflows.workflows.testing.Flows;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Reading the builder's ReactFlow {@code flow_data} (spec §2). */
class FlowGraphParserTest {

  private static JsonNode sample() throws IOException {
    try (InputStream in =
        FlowGraphParserTest.class.getResourceAsStream("/flows/reactflow-flow-data.json")) {
      return Flows.JSON.readTree(in);
    }
  }

  @Test
  void givenTheBuildersSampleFlowData_whenParsed_itReadsNodesInOrderWithTheirData()
      throws IOException {
    FlowGraph sut = FlowGraphParser.parse(sample());

    assertThat(sut.nodes())
        .extracting(GraphNode::nodeId, GraphNode::nodeType)
        .containsExactly(
            tuple("node-1", "template"), tuple("node-2", "template"), tuple("node-3", "action"));
    GraphNode orderStatus = sut.nodes().get(1);
    assertThat(orderStatus.position()).isEqualTo(json("{'x': 420, 'y': 40}"));
    assertThat(orderStatus.data().get("template_name").asText()).isEqualTo("order_status");
    assertThat(orderStatus.data().at("/parameters/body/0").asText()).isEqualTo("{{contact.name}}");
    assertThat(sut.nodes().get(2).data().get("handoff").asBoolean()).isTrue();
  }

  @Test
  void givenTheBuildersSampleFlowData_whenParsed_itReadsTriggersFromLabelsAndData()
      throws IOException {
    FlowGraph sut = FlowGraphParser.parse(sample());

    assertThat(sut.edges())
        .extracting(
            GraphEdge::edgeId,
            GraphEdge::source,
            GraphEdge::target,
            GraphEdge::trigger,
            GraphEdge::triggerValue,
            GraphEdge::label)
        .containsExactly(
            tuple(
                "edge-1",
                "node-1",
                "node-2",
                Trigger.BUTTON_CLICK,
                "Track Order",
                "Button: Track Order"),
            tuple(
                "edge-2",
                "node-1",
                "node-3",
                Trigger.BUTTON_CLICK,
                "Talk to an agent",
                "Button: Talk to an agent"));
  }

  @Test
  void givenEdgesOfEveryShape_whenParsed_itReadsTheirTriggers() {
    JsonNode flowData =
        json(
            "{'nodes': [], 'edges': ["
                + "{'id': 'plain', 'source': 'a', 'target': 'b'},"
                + "{'id': 'lower', 'source': 'a', 'target': 'b', 'label': 'button:   Yes  '},"
                + "{'id': 'other-label', 'source': 'a', 'target': 'b', 'label': 'Next step'},"
                + "{'id': 'data-wins', 'source': 'a', 'target': 'b', 'label': 'Button: No',"
                + "  'data': {'trigger': 'TEXT_REPLY', 'trigger_value': 'stop'}},"
                + "{'id': 'condition', 'source': 'a', 'target': 'b',"
                + "  'data': {'trigger': 'condition', 'trigger_value': '10', 'operator':"
                + " 'greater_than'}},"
                + "{'id': 'unknown', 'source': 'a', 'target': 'b', 'data': {'trigger': 'swipe'}},"
                + "{'id': 7, 'source': 'a', 'target': 'b', 'data': {'trigger_value': 'x'}}"
                + "]}");

    FlowGraph sut = FlowGraphParser.parse(flowData);

    assertThat(sut.edges())
        .extracting(
            GraphEdge::edgeId,
            GraphEdge::trigger,
            GraphEdge::rawTrigger,
            GraphEdge::triggerValue,
            GraphEdge::operator)
        .containsExactly(
            tuple("plain", Trigger.DEFAULT, "default", null, null),
            tuple("lower", Trigger.BUTTON_CLICK, "button_click", "Yes", null),
            tuple("other-label", Trigger.DEFAULT, "default", null, null),
            tuple("data-wins", Trigger.TEXT_REPLY, "TEXT_REPLY", "stop", null),
            tuple("condition", Trigger.CONDITION, "condition", "10", "greater_than"),
            tuple("unknown", null, "swipe", null, null),
            tuple("7", Trigger.DEFAULT, "default", "x", null));
  }

  @Test
  void givenOddInput_whenParsed_itNeverThrows() {
    assertThat(FlowGraphParser.parse(null).nodes()).isEmpty();
    assertThat(FlowGraphParser.parse(json("[1, 2]")).edges()).isEmpty();
    assertThat(FlowGraphParser.parse(json("{'nodes': {'id': 'x'}, 'edges': 3}")).nodes()).isEmpty();

    FlowGraph sut =
        FlowGraphParser.parse(json("{'nodes': [{'type': 'action', 'data': 'oops'}, {}]}"));

    assertThat(sut.nodes()).extracting(GraphNode::nodeId).containsExactly(null, null);
    assertThat(sut.nodes()).allSatisfy(n -> assertThat(n.data().isObject()).isTrue());
    assertThat(sut.nodes().get(1).nodeType()).isNull();
  }
}
