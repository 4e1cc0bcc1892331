package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The documented limits: nodes and edges per flow ({@code chatflow.limits.max-nodes}/{@code
 * max-edges}).
 */
class BuilderLimitsTest extends BuilderTestSupport {

  @Test
  void givenTheNodeAndEdgeLimits_whenAFlowWouldExceedThem_itIsRefusedNamingTheLimit() {
    Http http = newWorkspace();
    String flowData = graph(1001, 0);
    JsonNode tooMany =
        assertProblem(
            http.post("/chat-flow/flows/", "{\"name\": \"Big\", \"flow_data\": " + flowData + "}"),
            400,
            "too_many_nodes");
    assertThat(tooMany.get("field").asString()).isEqualTo("flow_data.nodes");
    assertThat(tooMany.get("detail").asString()).contains("1000").contains("max-nodes");
    assertProblem(
        http.post("/chat-flow/flows/validate/", "{\"flow_data\": " + graph(2, 1001) + "}"),
        400,
        "too_many_edges");

    String full =
        created(
            http,
            "/chat-flow/flows/",
            "{\"name\": \"Full\", \"flow_data\": " + graph(1000, 1000) + "}");
    assertProblem(
        http.post(
            "/chat-flow/nodes/",
            "{\"flow\": \"%s\", \"node_type\": \"action\", \"data\": {\"action\": \"end\"}}"
                .formatted(full)),
        400,
        "too_many_nodes");
    assertProblem(
        http.post(
            "/chat-flow/edges/",
            "{\"flow\": \"%s\", \"source_node\": \"n0\", \"target_node\": \"n2\"}".formatted(full)),
        400,
        "too_many_edges");
    assertThat(ok(http.get("/chat-flow/flows/" + full)).get("version").asInt()).isEqualTo(1);
  }

  /** {@code nodes} action nodes n0.. and {@code edges} default edges n0→n1, all distinct ids. */
  private static String graph(int nodes, int edges) {
    StringBuilder json = new StringBuilder("{\"nodes\": [");
    for (int i = 0; i < nodes; i++) {
      json.append(i == 0 ? "" : ",")
          .append(
              "{\"id\": \"n%d\", \"type\": \"action\", \"data\": {\"action\": \"end\"}}"
                  .formatted(i));
    }
    json.append("], \"edges\": [");
    for (int i = 0; i < edges; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\": \"e%d\", \"source\": \"n0\", \"target\": \"n1\"}".formatted(i));
    }
    return json.append("]}").toString();
  }
}
