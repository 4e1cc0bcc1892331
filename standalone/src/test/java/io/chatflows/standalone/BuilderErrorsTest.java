package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad input to the builder API gets problem+json with a code and, where one is, the field. */
class BuilderErrorsTest extends BuilderTestSupport {

  @Test
  void givenMalformedOrMissingJson_whenPosted_itAnswers400MalformedBody() {
    Http http = newWorkspace();
    assertProblem(http.post("/chat-flow/flows/", "{\"name\": \"x\","), 400, "malformed_body");
    assertProblem(http.post("/chat-flow/nodes/", "{nope"), 400, "malformed_body");
    assertProblem(http.post("/chat-flow/edges/", "[1, 2]"), 400, "malformed_body");
    JsonNode missing = assertProblem(http.post("/chat-flow/flows/", ""), 400, "malformed_body");
    assertThat(missing.get("detail").asString()).contains("missing").doesNotContain("io.chatflows");
  }

  @Test
  void givenValuesOfTheWrongType_whenPosted_itNamesTheField() {
    Http http = newWorkspace();
    JsonNode yes =
        assertProblem(
            http.post("/chat-flow/flows/", "{\"name\": \"x\", \"is_active\": \"yes\"}"),
            400,
            "malformed_body");
    assertThat(yes.get("field").asString()).isEqualTo("is_active");
    JsonNode array =
        assertProblem(
            http.post("/chat-flow/flows/", "{\"name\": \"x\", \"flow_data\": []}"),
            400,
            "invalid_flow_data");
    assertThat(array.get("field").asString()).isEqualTo("flow_data");
    JsonNode nodes =
        assertProblem(
            http.post("/chat-flow/flows/", "{\"name\": \"x\", \"flow_data\": {\"nodes\": {}}}"),
            400,
            "invalid_flow_data");
    assertThat(nodes.get("field").asString()).isEqualTo("flow_data.nodes");
    JsonNode timeout =
        assertProblem(
            http.post(
                "/chat-flow/flows/",
                "{\"name\": \"x\", \"settings\": {\"reply_timeout_seconds\": \"soon\"}}"),
            400,
            "malformed_body");
    assertThat(timeout.get("field").asString()).isEqualTo("settings.reply_timeout_seconds");
    JsonNode nodeType =
        assertProblem(
            http.post("/chat-flow/nodes/", "{\"flow\": \"f\", \"node_type\": {\"a\": 1}}"),
            400,
            "malformed_body");
    assertThat(nodeType.get("field").asString()).isEqualTo("node_type");
    assertProblem(http.post("/chat-flow/flows/", "{\"is_active\": false}"), 400, "name_required");
    assertProblem(http.get("/chat-flow/flows/?page=first"), 400, "invalid_parameter");
  }

  @Test
  void givenUnknownIds_whenAddressed_itAnswers404() {
    Seed seed = seed();
    Http http = seed.http();
    for (String path :
        new String[] {
          "/chat-flow/flows/nope/",
          "/chat-flow/nodes/nope/",
          "/chat-flow/edges/nope/",
          "/chat-flow/templates/nope/",
          "/chat-flow/flows/nope/versions/",
          "/chat-flow/flows/" + seed.flow() + "/versions/99/"
        }) {
      assertProblem(http.get(path), 404, "not_found");
    }
    assertProblem(http.put("/chat-flow/flows/nope", "{\"name\": \"x\"}"), 404, "not_found");
    assertProblem(http.patch("/chat-flow/nodes/nope", "{}"), 404, "not_found");
    assertProblem(http.put("/chat-flow/edges/nope", "{}"), 404, "not_found");
    assertProblem(http.delete("/chat-flow/edges/nope"), 404, "not_found");
    JsonNode unknownFlow =
        assertProblem(
            http.post("/chat-flow/nodes/", "{\"flow\": \"nope\", \"node_type\": \"action\"}"),
            400,
            "unknown_flow");
    assertThat(unknownFlow.get("field").asString()).isEqualTo("flow");
    assertProblem(http.get("/chat-flow/edges/?flow=nope"), 400, "unknown_flow");
  }

  @Test
  void givenABodyOverTheLimit_whenPosted_itAnswers413() {
    Http http = newWorkspace();
    String padding = "x".repeat(1_048_576);
    String body = "{\"name\": \"big\", \"description\": \"" + padding + "\"}";
    assertProblem(http.post("/chat-flow/flows/", body), 413, "body_too_large");
    assertProblem(
        http.post(
            "/chat-flow/nodes/",
            body.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json")),
        413,
        "body_too_large");
    assertThat(ok(http.get("/chat-flow/flows/")).get("count").asInt()).isZero();
  }

  @Test
  void givenPagesTooLarge_whenListing_everyListAnswers400() {
    Seed seed = seed();
    for (String list :
        new String[] {
          "/chat-flow/flows/",
          "/chat-flow/nodes/",
          "/chat-flow/edges/",
          "/chat-flow/templates/",
          "/chat-flow/flows/" + seed.flow() + "/versions/"
        }) {
      assertProblem(seed.http().get(list + "?page_size=101"), 400, "invalid_page_size");
      assertThat(ok(seed.http().get(list + "?page_size=100")).has("count")).isTrue();
    }
  }
}
