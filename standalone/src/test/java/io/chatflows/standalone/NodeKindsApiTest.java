package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.graph.NodeKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /chat-flow/node-kinds/} publishes the flow model itself, and the OpenAPI document
 * carries the same node data schemas: a node of {@code flow_data} is a {@code oneOf} by {@code
 * type}, an action's data a {@code oneOf} by {@code action}, each the kind's published schema.
 */
class NodeKindsApiTest extends BuilderTestSupport {

  private static final String REFS = "#/components/schemas/";

  @Test
  void givenAWorkspace_whenItReadsTheNodeKinds_itGetsTheModelsOwnDescription() {
    Http http = newWorkspace();

    JsonNode kinds = ok(http.get("/chat-flow/node-kinds/"));

    // Written and read again, so numbers compare as JSON numbers, not as Integer or Long.
    assertThat(kinds)
        .isEqualTo(Http.JSON.readTree(Http.JSON.writeValueAsString(NodeKinds.describe())));
    assertThat(kinds.get("kinds")).hasSize(NodeKinds.all().size());
    assertThat(ok(http.get("/chat-flow/node-kinds"))).isEqualTo(kinds);
    assertThat(new Http(port, null).get("/chat-flow/node-kinds/").status()).isEqualTo(401);
  }

  @Test
  void givenEveryKind_whenItsNodeIsLookedUpInTheOpenApiDocument_itsDataIsThePublishedSchema() {
    JsonNode kinds = ok(newWorkspace().get("/chat-flow/node-kinds/")).get("kinds");
    JsonNode schemas = docs().get("components").get("schemas");
    JsonNode flowNode = schemas.get("FlowNode");
    assertThat(flowNode.get("discriminator").get("propertyName").asString()).isEqualTo("type");

    for (JsonNode kind : kinds) {
      String type = kind.get("type").asString();
      JsonNode node = resolve(schemas, flowNode.get("discriminator").get("mapping").get(type));
      assertThat(node.get("properties").get("type").get("const").asString()).isEqualTo(type);
      JsonNode data = resolve(schemas, node.get("properties").get("data").get("$ref"));
      if (!kind.get("action").isNull()) {
        assertThat(data.get("discriminator").get("propertyName").asString()).isEqualTo("action");
        assertThat(refs(data.get("oneOf"))).hasSameSizeAs(NodeKinds.actions());
        data =
            resolve(
                schemas,
                data.get("discriminator").get("mapping").get(kind.get("action").asString()));
      }
      assertThat(data).as(kind.get("kind").asString()).isEqualTo(kind.get("data_schema"));
    }
    assertThat(refs(flowNode.get("oneOf"))).hasSameSizeAs(NodeKinds.types());
  }

  @Test
  void givenThePayloadsThatCarryAGraph_whenTheirSchemasAreRead_theyReferToTheFlowModel() {
    JsonNode schemas = docs().get("components").get("schemas");
    for (String payload : List.of("FlowRequest", "FlowDetail", "VersionView")) {
      assertThat(schemas.get(payload).get("properties").get("flow_data").get("$ref").asString())
          .as(payload)
          .isEqualTo(REFS + "FlowData");
    }
    for (String payload : List.of("NodeView", "NodeRequest")) {
      assertThat(schemas.get(payload).get("properties").get("data").get("$ref").asString())
          .as(payload)
          .isEqualTo(REFS + "NodeData");
    }
    JsonNode flowData = schemas.get("FlowData").get("properties");
    assertThat(flowData.get("nodes").get("items").get("$ref").asString())
        .isEqualTo(REFS + "FlowNode");
    JsonNode edgeData = schemas.get("FlowEdge").get("properties").get("data").get("properties");
    JsonNode published = ok(newWorkspace().get("/chat-flow/node-kinds/"));
    assertThat(texts(edgeData.get("trigger").get("enum")))
        .isEqualTo(values(published.get("triggers"), "trigger"));
    assertThat(texts(edgeData.get("operator").get("enum")))
        .isEqualTo(values(published.get("operators"), "operator"));
  }

  @Test
  void givenTheNodeKindsAnswer_whenCheckedAgainstItsOpenApiSchema_everyFieldIsDocumented() {
    JsonNode docs = docs();
    JsonNode answer = ok(newWorkspace().get("/chat-flow/node-kinds/"));
    JsonNode schema =
        docs.get("paths")
            .get("/chat-flow/node-kinds")
            .get("get")
            .get("responses")
            .get("200")
            .get("content")
            .get("application/json")
            .get("schema");

    List<String> problems = new ArrayList<>();
    check(docs.get("components").get("schemas"), schema, answer, "$", problems);

    assertThat(problems).isEmpty();
  }

  /** Every key of an object is a property of its schema, every value of an enum listed. */
  private static void check(
      JsonNode schemas, JsonNode schema, JsonNode value, String at, List<String> problems) {
    JsonNode resolved = schema.has("$ref") ? resolve(schemas, schema.get("$ref")) : schema;
    if (resolved.has("enum") && !resolved.get("enum").toString().contains(value.toString())) {
      problems.add(at + ": " + value + " is not one of " + resolved.get("enum"));
    }
    if (value.isObject() && resolved.has("properties")) {
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        JsonNode property = resolved.get("properties").get(field.getKey());
        if (property == null) {
          problems.add(at + "." + field.getKey() + " is not documented");
        } else {
          check(schemas, property, field.getValue(), at + "." + field.getKey(), problems);
        }
      }
      resolved
          .path("required")
          .forEach(
              required -> {
                if (!value.has(required.asString())) {
                  problems.add(at + "." + required.asString() + " is required but missing");
                }
              });
    }
    if (value.isArray() && resolved.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schemas, resolved.get("items"), value.get(i), at + "[" + i + "]", problems);
      }
    }
  }

  private JsonNode docs() {
    return ok(new Http(port, null).get("/v3/api-docs"));
  }

  private static JsonNode resolve(JsonNode schemas, JsonNode ref) {
    assertThat(ref.asString()).startsWith(REFS);
    return schemas.get(ref.asString().substring(REFS.length()));
  }

  private static List<String> refs(JsonNode oneOf) {
    List<String> refs = new ArrayList<>();
    oneOf.forEach(item -> refs.add(item.get("$ref").asString()));
    return refs;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asString()));
    return texts;
  }
}
