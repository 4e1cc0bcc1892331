package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static io.chatflows.workflows.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflows.workflows.testing.Flows;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The flow a conversation runs on travels as workflow input: its typed nodes must keep the JSON
 * shape inputs have always had ({@code nodeId, nodeType, position, data}), so the runs started by
 * earlier code and the stored histories read back into the same kinds.
 */
class FlowDefinitionJsonTest {

  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  private static FlowDefinition definition() {
    return flow()
        .template("n1", WELCOME, "{'timeout_seconds': 60, 'parameters': {'body': ['x']}}")
        .action("a1", "{'action': 'webhook', 'url': 'https://x.example', 'label': 'mine'}")
        .action("a2", "{'action': 'teleport'}")
        .template("n2", INFO)
        .button("e1", "n1", "a1", "Track Order")
        .then("e2", "a1", "a2")
        .then("e3", "a2", "n2")
        .compile();
  }

  @Test
  void givenACompiledFlow_whenConverted_eachNodeIsItsBaseAsEarlierInputsHadIt() throws Exception {
    JsonNode written = written(definition());

    assertThat(written.get("nodes").get(1))
        .isEqualTo(
            json(
                "{'nodeId': 'a1', 'nodeType': 'action', 'position': null, 'data':"
                    + " {'action': 'webhook', 'url': 'https://x.example', 'label': 'mine'}}"));
    assertThat(written.get("edges").get(0))
        .isEqualTo(
            json(
                "{'edgeId': 'e1', 'source': 'n1', 'target': 'a1', 'trigger': 'button_click',"
                    + " 'rawTrigger': 'button_click', 'triggerValue': 'Track Order',"
                    + " 'operator': null, 'label': 'Button: Track Order'}"));
    assertThat(written.get("templates").get("n1"))
        .isEqualTo(
            json(
                "{'id': 'tpl-welcome', 'name': 'welcome', 'language': 'en',"
                    + " 'buttons': ['Track Order', 'Talk to an agent']}"));
  }

  @Test
  void givenAConvertedFlow_whenReadBack_itHasTheSameTypedNodes() {
    FlowDefinition sut = definition();

    FlowDefinition read =
        CONVERTER.fromPayload(
            CONVERTER.toPayload(sut).orElseThrow(), FlowDefinition.class, FlowDefinition.class);

    assertThat(read).isEqualTo(sut);
    assertThat(read.nodes())
        .extracting(GraphNode::getClass)
        .containsExactly(
            TemplateNode.class, WebhookAction.class, UnknownNode.class, TemplateNode.class);
    assertThat(((TemplateNode) read.nodes().get(0)).timeoutSeconds()).isEqualTo(60);
  }

  @Test
  void givenAnInputWrittenByEarlierCode_whenRead_itsNodesAreTyped() {
    String earlier =
        "{'flowId': 'f', 'version': 1, 'startNodeId': 'n1', 'replyTimeoutSeconds': 86400,"
            + " 'nodes': [{'nodeId': 'a4', 'nodeType': 'action', 'position': null,"
            + " 'data': {'action': 'delay', 'seconds': 60}}], 'edges': [],"
            + " 'templates': {'n1': {'id': 't', 'name': 'w', 'language': 'en', 'buttons': []}}}";

    FlowDefinition read =
        CONVERTER.fromPayload(
            CONVERTER.toPayload(json(earlier)).orElseThrow(),
            FlowDefinition.class,
            FlowDefinition.class);

    assertThat(read.nodes().get(0)).isInstanceOf(DelayAction.class);
    assertThat(((DelayAction) read.nodes().get(0)).seconds()).isEqualTo(60);
    assertThat(read.templates().get("n1").bodyParameters()).isNull();
  }

  private static JsonNode written(FlowDefinition definition) throws Exception {
    Optional<io.temporal.api.common.v1.Payload> payload = CONVERTER.toPayload(definition);
    return Flows.JSON.readTree(payload.orElseThrow().getData().toStringUtf8());
  }
}
