package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /chat-flow/nodes/} over real HTTP: each change edits the node inside the flow's graph. */
class BuilderNodesTest extends BuilderTestSupport {

  @Test
  void givenAFlow_whenNodesAreAddedChangedAndDeleted_flowDataFollows() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    Http.Response added =
        http.post(
            "/chat-flow/nodes/",
            """
            {"flow": "%s", "node_id": "node-4", "node_type": "action",
             "position": {"x": 700, "y": 220}, "data": {"action": "end"}}
            """
                .formatted(seed.flow()));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    JsonNode node = added.json();
    assertThat(node.get("flow").asString()).isEqualTo(seed.flow());
    assertThat(node.get("node_id").asString()).isEqualTo("node-4");
    assertThat(node.get("node_type").asString()).isEqualTo("action");
    assertThat(node.get("position")).isEqualTo(json("{\"x\": 700, \"y\": 220}"));
    assertThat(node.get("data")).isEqualTo(json("{\"action\": \"end\"}"));
    String nodeId = node.get("id").asString();
    assertThat(ok(http.get("/chat-flow/nodes/" + nodeId + "/"))).isEqualTo(node);

    JsonNode flow = flow(seed);
    assertThat(flow.get("version").asInt()).isEqualTo(2);
    assertThat(flow.get("flow_data").get("nodes").get(3))
        .isEqualTo(
            json(
                "{\"id\": \"node-4\", \"type\": \"action\", \"position\": {\"x\": 700, \"y\": 220},"
                    + " \"data\": {\"action\": \"end\"}}"));
    assertThat(flow.get("flow_data").get("viewport")).isNotNull();

    String generated =
        created(
            http,
            "/chat-flow/nodes",
            "{\"flow\": \"%s\", \"node_type\": \"action\", \"data\": {\"action\": \"end\"}}"
                .formatted(seed.flow()));
    assertThat(ok(http.get("/chat-flow/nodes/" + generated)).get("node_id").asString())
        .isEqualTo("node-5");

    String first = nodeIdOf(flow, "node-1");
    JsonNode moved =
        ok(http.put("/chat-flow/nodes/" + first + "/", "{\"position\": {\"x\": 5, \"y\": 6}}"));
    assertThat(moved.get("position")).isEqualTo(json("{\"x\": 5, \"y\": 6}"));
    assertThat(moved.get("data").get("template_name").asString()).isEqualTo("welcome_message");
    JsonNode movedNode = flow(seed).get("flow_data").get("nodes").get(0);
    assertThat(movedNode.get("width").asInt()).as("builder keys stay").isEqualTo(220);
    assertThat(movedNode.get("positionAbsolute")).isEqualTo(json("{\"x\": 100, \"y\": 100}"));
    JsonNode patched =
        ok(
            http.patch(
                "/chat-flow/nodes/" + nodeId,
                "{\"data\": {\"action\": \"tag\", \"tag\": \"vip\"}}"));
    assertThat(patched.get("data")).isEqualTo(json("{\"action\": \"tag\", \"tag\": \"vip\"}"));
    assertThat(patched.get("position")).isEqualTo(json("{\"x\": 700, \"y\": 220}"));

    String third = nodeIdOf(flow, "node-3");
    assertThat(http.delete("/chat-flow/nodes/" + third + "/").status()).isEqualTo(204);
    JsonNode after = flow(seed);
    assertThat(values(after.get("flow_data").get("nodes"), "id"))
        .containsExactly("node-1", "node-2", "node-4", "node-5");
    assertThat(values(after.get("flow_data").get("edges"), "id"))
        .as("the edge into node-3 went with it")
        .containsExactly("edge-1");
    assertThat(after.get("version").asInt()).isEqualTo(6);
    assertThat(ok(http.get("/chat-flow/flows/" + seed.flow() + "/versions/")).get("count").asInt())
        .isEqualTo(6);
    assertProblem(http.get("/chat-flow/nodes/" + third), 404, "not_found");
    assertProblem(http.delete("/chat-flow/nodes/" + third), 404, "not_found");
    assertProblem(http.put("/chat-flow/nodes/" + third, "{}"), 404, "not_found");
  }

  @Test
  void givenBadNodes_whenPosted_itNamesTheFieldAndSavesNothing() {
    Seed seed = sampleFlow();
    Http http = seed.http();
    String flow = seed.flow();
    String nodes = "/chat-flow/nodes/";
    assertThat(
            problemField(
                http.post(
                    nodes,
                    "{\"flow\": \"%s\", \"node_id\": \"node-1\", \"node_type\": \"action\"}"
                        .formatted(flow)),
                409,
                "duplicate_node_id"))
        .isEqualTo("node_id");
    assertThat(
            problemField(
                http.post(nodes, "{\"flow\": \"%s\"}".formatted(flow)), 400, "node_type_required"))
        .isEqualTo("node_type");
    assertThat(problemField(http.post(nodes, "{\"node_type\": \"action\"}"), 400, "flow_required"))
        .isEqualTo("flow");
    assertThat(
            problemField(
                http.post(
                    nodes,
                    "{\"flow\": \"%s\", \"node_type\": \"action\", \"position\": [1, 2]}"
                        .formatted(flow)),
                400,
                "invalid_position"))
        .isEqualTo("position");
    String node = nodeIdOf(flow(seed), "node-1");
    assertThat(
            problemField(
                http.put(nodes + node, "{\"node_id\": \"node-7\"}"), 400, "node_id_immutable"))
        .isEqualTo("node_id");
    assertThat(problemField(http.patch(nodes + node, "{\"data\": \"x\"}"), 400, "invalid_data"))
        .isEqualTo("data");
    assertThat(flow(seed).get("version").asInt()).as("nothing was saved").isEqualTo(1);
  }
}
