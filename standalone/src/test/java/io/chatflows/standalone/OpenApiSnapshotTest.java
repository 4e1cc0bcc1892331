package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The builder's typed API client is generated from a committed snapshot of the OpenAPI document
 * ({@code web/openapi/api-docs.json}); this test fails when the running API's document differs.
 * Refresh the snapshot with {@code ./mvnw -B -pl standalone -am test -Dtest=OpenApiSnapshotTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dchatflow.openapi.refresh=true}.
 */
class OpenApiSnapshotTest extends BuilderTestSupport {

  static final Path SNAPSHOT = Path.of("..", "web", "openapi", "api-docs.json");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Test
  void givenTheRunningApi_whenComparedWithTheBuildersSnapshot_theyAreTheSameDocument()
      throws IOException {
    // The whole document, servers included: the API names a relative server ("/"), the same on
    // every host and port, and the lint of the snapshot requires one.
    JsonNode live = ok(new Http(port, null).get("/v3/api-docs"));
    if (Boolean.getBoolean("chatflow.openapi.refresh")) {
      Files.writeString(
          SNAPSHOT, JSON.writeValueAsString(sorted(live)) + "\n", StandardCharsets.UTF_8);
    }
    JsonNode snapshot = JSON.readTree(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
    assertThat(snapshot)
        .as(
            "web/openapi/api-docs.json is not the API's current OpenAPI document; refresh it with"
                + " ./mvnw -B -pl standalone -am test -Dtest=OpenApiSnapshotTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dchatflow.openapi.refresh=true"
                + " and rebuild the builder (its types are generated from it)")
        .isEqualTo(live);
  }

  /** Objects with their keys sorted, so a refreshed snapshot diffs only where the API changed. */
  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), sorted(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(sorted(item)));
      return list;
    }
    return node;
  }
}
