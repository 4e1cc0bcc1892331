package io.chatflows.workflows.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated graphs: validation never throws and names every problem with a code; a graph
 * without errors always compiles into a runnable definition.
 */
class FlowValidatorPropertiesTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final TemplateSpec WELCOME =
      new TemplateSpec("t1", "welcome", "en_US", List.of("Yes", "No"));
  private static final TemplateSpec PLAIN = new TemplateSpec("t2", "plain", "en_US", List.of());
  private static final FlowCompiler.TemplateCatalog CATALOG =
      FlowCompiler.catalogOf(
          Map.of("t1", WELCOME, "t2", PLAIN)::get, Map.of("welcome", WELCOME, "plain", PLAIN)::get);

  @Property(tries = 500)
  void validationNeverThrowsAndNamesEveryProblem(
      @ForAll("graphs") JsonNode flowData, @ForAll("startTemplates") String start) {
    FlowGraph graph = FlowGraphParser.parse(flowData);
    List<Problem> problems = FlowValidator.validate(graph, start, CATALOG);
    assertThat(problems)
        .allSatisfy(
            p -> {
              assertThat(p.code()).isNotBlank();
              assertThat(p.severity()).isIn("error", "warning");
              assertThat(p.message()).isNotBlank();
            });
    if (problems.stream().noneMatch(Problem::isError)) {
      FlowDefinition definition = FlowCompiler.compile("f", 1, start, 0, graph, CATALOG);
      assertThat(definition.node(definition.startNodeId())).isPresent();
    }
  }

  @Property(tries = 300)
  void arbitraryJsonIsParsedWithoutThrowing(@ForAll("anyJson") JsonNode anything) {
    FlowGraph graph = FlowGraphParser.parse(anything);
    assertThat(FlowValidator.validate(graph, "t1", CATALOG)).isNotNull();
  }

  @Provide
  Arbitrary<String> startTemplates() {
    return Arbitraries.of("t1", "t2", "missing", "");
  }

  @Provide
  Arbitrary<JsonNode> graphs() {
    Arbitrary<String> ids = Arbitraries.of("n1", "n2", "n3", "n4", "", "n1 ");
    Arbitrary<ObjectNode> nodes =
        Combinators.combine(
                ids,
                Arbitraries.of("template", "condition", "action", "junk"),
                Arbitraries.of("t1", "t2", "nope"),
                Arbitraries.of("assign", "tag", "end", "delay", "explode"))
            .as(
                (id, type, template, action) -> {
                  ObjectNode node = JSON.objectNode().put("id", id).put("type", type);
                  ObjectNode data = node.putObject("data");
                  data.put("template_id", template).put("action", action).put("subject", "reply");
                  return node;
                });
    Arbitrary<ObjectNode> edges =
        Combinators.combine(
                ids,
                ids,
                Arbitraries.of(
                    "button_click",
                    "text_reply",
                    "condition",
                    "default",
                    "timeout",
                    "delivery_failed",
                    "bogus"),
                Arbitraries.of("Yes", "No", "Maybe", "", "(", "[a-"),
                Arbitraries.of("equals", "matches", "in", "greater_than", "nope"))
            .as(
                (source, target, trigger, value, operator) -> {
                  ObjectNode edge = JSON.objectNode().put("source", source).put("target", target);
                  edge.putObject("data")
                      .put("trigger", trigger)
                      .put("trigger_value", value)
                      .put("operator", operator);
                  return edge;
                });
    return Combinators.combine(nodes.list().ofMaxSize(6), edges.list().ofMaxSize(8))
        .as(
            (n, e) -> {
              ObjectNode root = JSON.objectNode();
              ArrayNode nodeArray = root.putArray("nodes");
              n.forEach(nodeArray::add);
              ArrayNode edgeArray = root.putArray("edges");
              for (int i = 0; i < e.size(); i++) {
                edgeArray.add(e.get(i).put("id", "e" + (i % 5)));
              }
              return root;
            });
  }

  @Provide
  Arbitrary<JsonNode> anyJson() {
    Arbitrary<JsonNode> leaves =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(8).map(s -> (JsonNode) JSON.textNode(s)),
            Arbitraries.integers().map(i -> (JsonNode) JSON.numberNode(i)),
            Arbitraries.of((JsonNode) JSON.nullNode(), JSON.booleanNode(true)));
    return Arbitraries.recursive(
        () -> leaves,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(list -> (JsonNode) JSON.arrayNode().addAll(list)),
                Combinators.combine(
                        Arbitraries.of(
                            "nodes", "edges", "id", "source", "target", "data", "type", "label"),
                        inner)
                    .as((k, v) -> (JsonNode) JSON.objectNode().set(k, v))
                    .list()
                    .ofMaxSize(4)
                    .map(FlowValidatorPropertiesTest::merge)),
        3);
  }

  private static JsonNode merge(List<JsonNode> objects) {
    ObjectNode out = JSON.objectNode();
    objects.forEach(o -> out.setAll((ObjectNode) o));
    return out;
  }
}
