package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document describes the payloads as they really are. */
class OpenApiDocsTest extends BuilderTestSupport {

  @Test
  void givenTheRunningApi_whenFetchingTheOpenApiDocument_itDescribesTheBuilderApi() {
    Http anonymous = new Http(port, null);
    JsonNode docs = ok(anonymous.get("/v3/api-docs"));
    JsonNode paths = docs.get("paths");
    for (String path :
        List.of(
            "/chat-flow/flows",
            "/chat-flow/flows/{id}",
            "/chat-flow/flows/validate",
            "/chat-flow/flows/{id}/versions",
            "/chat-flow/flows/{id}/versions/{version}",
            "/chat-flow/nodes",
            "/chat-flow/nodes/{id}",
            "/chat-flow/edges",
            "/chat-flow/edges/{id}",
            "/chat-flow/templates",
            "/chat-flow/templates/{id}")) {
      assertThat(paths.has(path)).as(path).isTrue();
    }
    assertThat(paths.get("/chat-flow/nodes/{id}").has("put")).isTrue();
    assertThat(paths.get("/chat-flow/edges/{id}").has("delete")).isTrue();

    JsonNode schemas = docs.get("components").get("schemas");
    JsonNode detail = schemas.get("FlowDetail").get("properties");
    assertThat(detail.has("flow_data")).isTrue();
    assertThat(detail.get("flow_data").toString()).contains("object");
    assertThat(detail.has("is_active")).isTrue();
    assertThat(detail.has("start_template")).isTrue();
    assertThat(detail.has("isActive")).isFalse();
    assertThat(schemas.get("FlowRequest").get("properties").get("flow_data").toString())
        .contains("object");
    assertThat(schemas.get("NodeView").get("properties").has("node_type")).isTrue();
    assertThat(schemas.get("EdgeRequest").get("properties").has("source_node")).isTrue();
    assertThat(schemas.has("Workspace")).isFalse();
    assertThat(parameterNames(paths)).doesNotContain("workspace").contains("page_size");

    JsonNode bearer = docs.get("components").get("securitySchemes").get("bearer");
    assertThat(bearer.get("type").asString()).isEqualTo("http");
    assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
    assertThat(paths.get("/chat-flow/flows").get("get").get("security").toString())
        .contains("bearer");

    Http.Response ui = anonymous.get("/swagger-ui.html");
    assertThat(ui.status()).isIn(200, 302);
    assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
  }

  private static List<String> parameterNames(JsonNode paths) {
    List<String> names = new ArrayList<>();
    for (JsonNode path : paths) {
      for (JsonNode operation : path) {
        if (operation.has("parameters")) {
          operation.get("parameters").forEach(p -> names.add(p.get("name").asString()));
        }
      }
    }
    return names;
  }
}
