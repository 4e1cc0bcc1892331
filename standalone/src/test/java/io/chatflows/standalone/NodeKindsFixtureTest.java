package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The builder's unit tests draw palettes, handles and forms from {@code
 * web/src/test-fixtures/node-kinds.json}: the answer of {@code GET /chat-flow/node-kinds/} as this
 * API gives it. This test fails when the fixture differs from the endpoint's answer, so the builder
 * is never tested against kinds the API no longer publishes. Refresh the fixture with {@code ./mvnw
 * -B -pl standalone -am test -Dtest=NodeKindsFixtureTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dchatflow.nodekinds.refresh=true}.
 */
class NodeKindsFixtureTest extends BuilderTestSupport {

  static final Path FIXTURE = Path.of("..", "web", "src", "test-fixtures", "node-kinds.json");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Test
  void givenTheNodeKindsEndpoint_whenComparedWithTheBuildersFixture_theyAreTheSameDocument()
      throws IOException {
    JsonNode live = ok(newWorkspace().get("/chat-flow/node-kinds/"));
    if (Boolean.getBoolean("chatflow.nodekinds.refresh")) {
      Files.createDirectories(FIXTURE.getParent());
      Files.writeString(FIXTURE, JSON.writeValueAsString(live) + "\n", StandardCharsets.UTF_8);
    }
    JsonNode fixture = JSON.readTree(Files.readString(FIXTURE, StandardCharsets.UTF_8));
    assertThat(fixture)
        .as(
            "web/src/test-fixtures/node-kinds.json is not what GET /chat-flow/node-kinds/ answers;"
                + " refresh it with ./mvnw -B -pl standalone -am test -Dtest=NodeKindsFixtureTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dchatflow.nodekinds.refresh=true"
                + " and run the builder's unit tests (npm test in web/)")
        .isEqualTo(live);
  }
}
