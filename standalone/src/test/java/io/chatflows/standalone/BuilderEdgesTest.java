package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /chat-flow/edges/} over real HTTP: each change edits the edge inside the flow's graph. */
class BuilderEdgesTest extends BuilderTestSupport {

  @Test
  void givenAFlow_whenEdgesAreAddedChangedAndDeleted_flowDataFollows() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    ok(http.patch("/chat-flow/flows/" + seed.flow(), "{\"is_active\": false}"));
    created(
        http,
        "/chat-flow/nodes/",
        "{\"flow\": \"%s\", \"node_id\": \"node-4\", \"node_type\": \"action\", \"data\": {\"action\": \"end\"}}"
            .formatted(seed.flow()));
    Http.Response added =
        http.post(
            "/chat-flow/edges/",
            """
            {"flow": "%s", "edge_id": "edge-3", "source_node": "node-2", "target_node": "node-4",
             "trigger": "default"}
            """
                .formatted(seed.flow()));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    JsonNode edge = added.json();
    assertThat(edge.get("edge_id").asString()).isEqualTo("edge-3");
    assertThat(edge.get("source_node").asString()).isEqualTo("node-2");
    assertThat(edge.get("target_node").asString()).isEqualTo("node-4");
    assertThat(edge.get("trigger").asString()).isEqualTo("default");
    assertThat(ok(http.get("/chat-flow/edges/" + edge.get("id").asString()))).isEqualTo(edge);
    JsonNode flow = flow(seed);
    assertThat(flow.get("flow_data").get("edges").get(2))
        .isEqualTo(
            json(
                "{\"id\": \"edge-3\", \"source\": \"node-2\", \"target\": \"node-4\","
                    + " \"data\": {\"trigger\": \"default\"}}"));

    JsonNode labelled =
        ok(
            http.get(
                "/chat-flow/edges/"
                    + created(
                        http,
                        "/chat-flow/edges/",
                        "{\"flow\": \"%s\", \"source_node\": \"node-4\", \"target_node\": \"node-2\", \"label\": \"Button: Later\"}"
                            .formatted(seed.flow()))));
    assertThat(labelled.get("edge_id").asString()).isEqualTo("edge-4");
    assertThat(labelled.get("trigger").asString()).isEqualTo("button_click");
    assertThat(labelled.get("trigger_value").asString()).isEqualTo("Later");
    assertThat(labelled.get("label").asString()).isEqualTo("Button: Later");

    String first = edgeIdOf(flow, "edge-1");
    JsonNode changed =
        ok(
            http.put(
                "/chat-flow/edges/" + first + "/",
                "{\"trigger\": \"button_click\", \"trigger_value\": \"Talk to an agent\", \"target_node\": \"node-4\"}"));
    assertThat(changed.get("trigger_value").asString()).isEqualTo("Talk to an agent");
    assertThat(changed.get("target_node").asString()).isEqualTo("node-4");
    JsonNode changedEdge = flow(seed).get("flow_data").get("edges").get(0);
    assertThat(changedEdge.get("sourceHandle").asString())
        .as("builder keys stay")
        .isEqualTo("btn-0");
    assertThat(changedEdge.get("markerEnd")).isEqualTo(json("{\"type\": \"arrowclosed\"}"));

    assertThat(http.delete("/chat-flow/edges/" + labelled.get("id").asString() + "/").status())
        .isEqualTo(204);
    assertThat(values(flow(seed).get("flow_data").get("edges"), "id"))
        .containsExactly("edge-1", "edge-2", "edge-3");
    assertProblem(http.get("/chat-flow/edges/" + labelled.get("id").asString()), 404, "not_found");
    assertProblem(
        http.delete("/chat-flow/edges/" + labelled.get("id").asString()), 404, "not_found");
  }

  @Test
  void givenBadEdges_whenPosted_itNamesTheFieldAndSavesNothing() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    String edges = "/chat-flow/edges/";
    String body =
        "{\"flow\": \"%s\", \"edge_id\": \"%s\", \"source_node\": \"%s\", \"target_node\": \"%s\"}";
    assertThat(
            problemField(
                http.post(edges, body.formatted(seed.flow(), "edge-1", "node-1", "node-2")),
                409,
                "duplicate_edge_id"))
        .isEqualTo("edge_id");
    assertThat(
            problemField(
                http.post(edges, body.formatted(seed.flow(), "edge-5", "node-1", "node-9")),
                400,
                "unknown_target_node"))
        .isEqualTo("target_node");
    assertThat(
            problemField(
                http.post(edges, body.formatted(seed.flow(), "edge-5", "ghost", "node-2")),
                400,
                "unknown_source_node"))
        .isEqualTo("source_node");
    assertThat(
            problemField(
                http.post(
                    edges,
                    "{\"flow\": \"%s\", \"target_node\": \"node-2\"}".formatted(seed.flow())),
                400,
                "source_node_required"))
        .isEqualTo("source_node");
    String edge = edgeIdOf(flow(seed), "edge-1");
    assertThat(
            problemField(
                http.patch(edges + edge, "{\"target_node\": \"node-9\"}"),
                400,
                "unknown_target_node"))
        .isEqualTo("target_node");
    assertThat(problemField(http.put(edges + edge, "{\"flow\": \"other\"}"), 400, "flow_immutable"))
        .isEqualTo("flow");
    assertThat(flow(seed).get("version").asInt()).as("nothing was saved").isEqualTo(1);
  }
}
