package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.CATALOG;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflows.workflows.testing.Flows;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Turning a builder graph into the snapshot a conversation runs on. */
class FlowCompilerTest {

  @Test
  void givenTheBuildersSample_whenCompiled_itResolvesTemplatesAndTheStartNode() throws Exception {
    FlowGraph graph;
    try (InputStream in =
        FlowCompilerTest.class.getResourceAsStream("/flows/reactflow-flow-data.json")) {
      graph = FlowGraphParser.parse(Flows.JSON.readTree(in));
    }
    TemplateSpec welcome =
        new TemplateSpec(
            "REPLACE-welcome-template-id",
            "welcome_message",
            "en",
            List.of("Track Order", "Talk to an agent"));
    TemplateSpec status =
        new TemplateSpec("REPLACE-order-status-template-id", "order_status", "en", List.of());
    FlowCompiler.TemplateCatalog catalog =
        FlowCompiler.catalogOf(
            Map.of(welcome.id(), welcome, status.id(), status)::get, name -> null);

    FlowDefinition sut = FlowCompiler.compile("flow-9", 2, welcome.id(), 0, graph, catalog);

    assertThat(sut.startNodeId()).isEqualTo("node-1");
    assertThat(sut.templates()).isEqualTo(Map.of("node-1", welcome, "node-2", status));
    assertThat(sut.replyTimeoutSeconds()).isEqualTo(FlowDefinition.DEFAULT_REPLY_TIMEOUT_SECONDS);
    assertThat(sut.nodes()).allSatisfy(n -> assertThat(n.position()).isNull());
    assertThat(sut.outgoing("node-1"))
        .extracting(GraphEdge::edgeId)
        .containsExactly("edge-1", "edge-2");
    assertThat(sut.node("node-3")).isPresent();
  }

  @Test
  void givenTwoNodesSendingTheStartTemplate_whenCompiled_itStartsAtTheFirst() {
    FlowDefinition sut =
        flow()
            .template("n1", INFO)
            .template("n2", WELCOME)
            .template("n3", WELCOME)
            .then("e1", "n1", "n2")
            .replyTimeoutSeconds(600)
            .compile();

    assertThat(sut.startNodeId()).isEqualTo("n2");
    assertThat(sut.replyTimeoutSeconds()).isEqualTo(600);
  }

  @Test
  void givenATemplateIdThatIsUnknown_whenCompiled_itFallsBackToTheName() {
    Flows.Builder builder = flow().template("n1", WELCOME);
    builder.node("n2", "template", "{'template_id': 'stale-id', 'template_name': 'bye'}");

    assertThat(builder.compile().templates()).containsEntry("n2", BYE);
  }

  @Test
  void givenNoNodeSendingTheStartTemplate_whenCompiled_itRefuses() {
    Flows.Builder builder = flow().template("n1", ORDER);

    assertThatThrownBy(
            () -> FlowCompiler.compile("f", 1, WELCOME.id(), 0, builder.graph(), CATALOG))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
