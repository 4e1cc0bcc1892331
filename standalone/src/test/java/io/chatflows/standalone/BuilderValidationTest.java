package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Every validation rule of spec §5 through {@code POST /chat-flow/flows/validate/}: one graph per
 * rule, each the seed's valid Welcome Flow with one thing broken.
 */
class BuilderValidationTest extends BuilderTestSupport {

  static final String NODES =
      """
      {"id": "node-1", "type": "template", "data": {"template_id": "{{welcome}}",
       "parameters": {"body": ["{{contact.name}}"]}}},
      {"id": "node-2", "type": "template", "data": {"template_id": "{{status}}",
       "parameters": {"body": ["{{contact.name}}", "A-42"]}}},
      {"id": "node-3", "type": "action", "data": {"action": "assign", "team": "support"}}""";
  static final String EDGES =
      """
      {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Track Order"},
      {"id": "edge-2", "source": "node-1", "target": "node-3", "label": "Button: Talk to an agent"}""";
  static final String ACTION_4 =
      "{\"id\": \"node-4\", \"type\": \"action\", \"data\": {\"action\": \"end\"}}";

  /**
   * A request for {@code POST /validate/}: the seed graph plus extra nodes and edges. The start
   * template is {@code welcome}, {@code unused} (a template no node sends), {@code none} or an id.
   */
  static String request(String startTemplate, String extraNodes, String extraEdges) {
    String start =
        switch (startTemplate) {
          case "none" -> "null";
          case "welcome", "unused" -> "\"{{" + startTemplate + "}}\"";
          default -> "\"" + startTemplate + "\"";
        };
    return """
        {"start_template": %s, "flow_data": {"nodes": [%s%s], "edges": [%s%s]}}
        """
        .formatted(
            start,
            NODES,
            extraNodes == null ? "" : ", " + extraNodes,
            EDGES,
            extraEdges == null ? "" : ", " + extraEdges);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          # rule                 | node   | edge   | start   | extra nodes | extra edges
          missing_node_id         |        |        | welcome | {"type": "action", "data": {"action": "end"}} |
          duplicate_node_id       | node-3 |        | welcome | {"id": "node-3", "type": "action", "data": {"action": "end"}} |
          unknown_node_type       | node-4 |        | welcome | {"id": "node-4", "type": "sticker"} |
          unknown_action          | node-4 |        | welcome | {"id": "node-4", "type": "action", "data": {"action": "dance"}} |
          unknown_template        | node-4 |        | welcome | {"id": "node-4", "type": "template", "data": {"template_id": "gone"}} |
          missing_start_template  |        |        | none    |             |
          unknown_start_template  |        |        | gone    |             |
          no_start_node           |        |        | unused  |             |
          missing_edge_id         |        |        | welcome |             | {"source": "node-2", "target": "node-3"}
          duplicate_edge_id       |        | edge-1 | welcome |             | {"id": "edge-1", "source": "node-2", "target": "node-3"}
          missing_source_node     |        | edge-3 | welcome |             | {"id": "edge-3", "source": "node-9", "target": "node-3"}
          missing_target_node     |        | edge-3 | welcome |             | {"id": "edge-3", "source": "node-2", "target": "node-9"}
          unknown_trigger         | node-2 | edge-3 | welcome |             | {"id": "edge-3", "source": "node-2", "target": "node-3", "data": {"trigger": "swipe"}}
          duplicate_trigger       | node-1 | edge-3 | welcome |             | {"id": "edge-3", "source": "node-1", "target": "node-3", "label": "Button: track order "}
          unknown_button          | node-1 | edge-3 | welcome |             | {"id": "edge-3", "source": "node-1", "target": "node-3", "label": "Button: Cancel"}
          trigger_needs_template  | node-3 | edge-3 | welcome |             | {"id": "edge-3", "source": "node-3", "target": "node-2", "data": {"trigger": "text_reply"}}
          trigger_needs_condition | node-2 | edge-3 | welcome |             | {"id": "edge-3", "source": "node-2", "target": "node-3", "data": {"trigger": "condition", "trigger_value": "x"}}
          unknown_operator        | node-4 | edge-4 | welcome | {"id": "node-4", "type": "condition"} | {"id": "edge-3", "source": "node-2", "target": "node-4"}, {"id": "edge-4", "source": "node-4", "target": "node-3", "data": {"trigger": "condition", "operator": "roughly", "trigger_value": "x"}}
          invalid_regex           | node-4 | edge-4 | welcome | {"id": "node-4", "type": "condition"} | {"id": "edge-3", "source": "node-2", "target": "node-4"}, {"id": "edge-4", "source": "node-4", "target": "node-3", "data": {"trigger": "condition", "operator": "matches", "trigger_value": "(["}}
          spinning_cycle          | node-3 |        | welcome | {"id": "node-4", "type": "action", "data": {"action": "end"}} | {"id": "edge-3", "source": "node-3", "target": "node-4"}, {"id": "edge-4", "source": "node-4", "target": "node-3"}
          """)
  void givenAGraphBreakingOneRule_whenValidated_itReportsThatRuleWithItsNodeOrEdge(
      String code,
      String nodeId,
      String edgeId,
      String startTemplate,
      String extraNodes,
      String extraEdges) {
    Seed seed = seed();
    String unused = created(seed.http(), "/chat-flow/templates/", "{\"name\": \"goodbye\"}");
    String request = fill(request(startTemplate, extraNodes, extraEdges), seed, unused);
    JsonNode result = ok(seed.http().post("/chat-flow/flows/validate/", request));
    assertThat(result.get("valid").asBoolean()).isFalse();
    JsonNode problem = find(result.get("errors"), code);
    assertThat(problem).as("%s in %s", code, result).isNotNull();
    assertThat(problem.get("severity").asString()).isEqualTo("error");
    assertThat(text(problem.get("node_id"))).isEqualTo(nodeId);
    assertThat(text(problem.get("edge_id"))).isEqualTo(edgeId);
  }

  @Test
  void givenTheSeedGraph_whenValidated_itIsValid() {
    Seed seed = seed();
    JsonNode result =
        ok(
            seed.http()
                .post(
                    "/chat-flow/flows/validate", fill(request("welcome", null, null), seed, "x")));
    assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.get("errors")).isEmpty();
    assertThat(result.get("warnings")).isEmpty();
  }

  @Test
  void givenANodeNoEdgeReaches_whenValidated_itWarnsButStaysValid() {
    Seed seed = seed();
    JsonNode result =
        ok(
            seed.http()
                .post(
                    "/chat-flow/flows/validate/",
                    fill(request("welcome", ACTION_4, null), seed, "x")));
    assertThat(result.get("valid").asBoolean()).isTrue();
    JsonNode warning = find(result.get("warnings"), "unreachable_node");
    assertThat(warning.get("node_id").asString()).isEqualTo("node-4");
    assertThat(warning.get("severity").asString()).isEqualTo("warning");
  }

  @Test
  void givenAnInvalidGraph_whenActivated_itIsRefusedListingEveryProblem() {
    Seed seed = seed();
    String graph =
        fill(
            request(
                "welcome",
                "{\"id\": \"node-4\", \"type\": \"template\", \"data\": {\"template_id\": \"gone\"}}",
                "{\"id\": \"edge-3\", \"source\": \"node-1\", \"target\": \"node-4\", \"label\": \"Button: Cancel\"},"
                    + " {\"id\": \"edge-4\", \"source\": \"node-2\", \"target\": \"node-9\"}"),
            seed,
            "x");
    String active = graph.replaceFirst("\\{", "{\"name\": \"Broken\", \"is_active\": true, ");
    JsonNode refused =
        assertProblem(seed.http().post("/chat-flow/flows/", active), 400, "invalid_flow");
    assertThat(values(refused.get("errors"), "code"))
        .containsExactlyInAnyOrder("unknown_template", "unknown_button", "missing_target_node");
    assertThat(values(refused.get("errors"), "node_id")).contains("node-4", "node-1");
    assertThat(values(refused.get("errors"), "edge_id")).contains("edge-3", "edge-4");

    Http.Response draft =
        seed.http()
            .post(
                "/chat-flow/flows/", active.replace("\"is_active\": true", "\"is_active\": false"));
    assertThat(draft.status()).isEqualTo(201);
    assertThat(draft.json().get("errors")).hasSize(3);
    String path = "/chat-flow/flows/" + draft.json().get("id").asString() + "/";
    JsonNode activation =
        assertProblem(seed.http().patch(path, "{\"is_active\": true}"), 400, "invalid_flow");
    assertThat(activation.get("errors")).hasSize(3);
    assertThat(ok(seed.http().get(path)).get("is_active").asBoolean()).isFalse();
  }

  @Test
  void givenAFlowAlreadyRead_whenItOrATemplateItSendsChanges_itsDetailShowsTheChange() {
    Seed seed = seed();
    Http.Response created =
        seed.http()
            .post(
                "/chat-flow/flows/",
                fill(request("welcome", null, null), seed, "x")
                    .replaceFirst("\\{", "{\"name\": \"Welcome\", "));
    String path = "/chat-flow/flows/" + created.json().get("id").asString() + "/";
    JsonNode read = ok(seed.http().get(path));
    assertThat(read.get("errors")).isEmpty();
    assertThat(ok(seed.http().get(path))).isEqualTo(read);

    seed.http().patch(path, "{\"name\": \"Welcome back\"}");
    JsonNode renamed = ok(seed.http().get(path));
    assertThat(renamed.get("name").asString()).isEqualTo("Welcome back");
    assertThat(renamed.get("version").asInt()).isEqualTo(read.get("version").asInt());

    assertThat(seed.http().delete("/chat-flow/templates/" + seed.orderStatus() + "/").status())
        .isEqualTo(204);
    JsonNode withoutTemplate = ok(seed.http().get(path));
    assertThat(values(withoutTemplate.get("errors"), "code")).containsExactly("unknown_template");
    assertThat(values(withoutTemplate.get("errors"), "node_id")).containsExactly("node-2");
  }

  private static String fill(String request, Seed seed, String unused) {
    return request
        .replace("{{welcome}}", seed.welcome())
        .replace("{{status}}", seed.orderStatus())
        .replace("{{unused}}", unused);
  }

  private static JsonNode find(JsonNode problems, String code) {
    for (JsonNode problem : problems) {
      if (problem.get("code").asString().equals(code)) {
        return problem;
      }
    }
    return null;
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asString();
  }
}
