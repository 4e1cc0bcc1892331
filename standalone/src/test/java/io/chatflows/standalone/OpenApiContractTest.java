package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document is a contract clients can generate code from: every operation is named,
 * summarised and tagged, declares the credential the API really enforces on it, and documents its
 * client errors as problem+json.
 */
class OpenApiContractTest extends BuilderTestSupport {

  private JsonNode docs;

  @BeforeEach
  void readDocs() {
    docs = ok(new Http(port, null).get("/v3/api-docs"));
  }

  @Test
  void givenEveryOperation_whenItsNamesAreRead_eachHasAUniqueIdASummaryAndADescribedTag() {
    Set<String> described = new HashSet<>();
    docs.get("tags")
        .forEach(
            tag -> {
              assertThat(tag.path("description").asString("")).as(tag.toString()).isNotBlank();
              described.add(tag.get("name").asString());
            });
    Set<String> ids = new HashSet<>();
    for (Operation operation : operations()) {
      JsonNode op = operation.definition();
      String id = op.path("operationId").asString("");
      assertThat(id).as(operation.key()).matches("[a-z]+([A-Z][a-z]+)+");
      assertThat(ids.add(id)).as("operation id %s is used twice", id).isTrue();
      assertThat(op.path("summary").asString("")).as(operation.key()).isNotBlank();
      assertThat(op.path("tags")).as(operation.key()).hasSize(1);
      assertThat(described).as(operation.key()).contains(op.get("tags").get(0).asString());
    }
    assertThat(ids).contains("listFlows", "getFlow", "listNodes", "getEdge", "startConversation");
  }

  @Test
  void givenEveryOperation_whenCalledWithoutAToken_itNeedsTheCredentialItDocuments() {
    List<String> mismatches = new ArrayList<>();
    Http anonymous = new Http(port, null);
    for (Operation operation : operations()) {
      String scheme = scheme(operation.definition());
      String path = operation.path().replaceAll("\\{[^}]+}", "x");
      Http.Response answer =
          switch (operation.method()) {
            case "get" -> anonymous.get(path);
            case "post" -> anonymous.post(path, "{}");
            case "put" -> anonymous.put(path, "{}");
            case "patch" -> anonymous.patch(path, "{}");
            case "delete" -> anonymous.delete(path);
            default -> throw new IllegalStateException(operation.key());
          };
      boolean refused =
          answer.status() == 401
              && answer.json() != null
              && "unauthorized".equals(answer.json().path("code").asString(""));
      if (refused != !scheme.isEmpty()) {
        mismatches.add(operation.key() + " documents '" + scheme + "' but answered " + answer);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(scheme(operation("post", "/webhooks/whatsapp"))).isEmpty();
    assertThat(scheme(operation("post", "/admin/workspaces"))).isEqualTo("admin");
    assertThat(scheme(operation("get", "/chat-flow/flows"))).isEqualTo("bearer");
  }

  @Test
  void givenEveryOperation_whenItsAnswersAreRead_itsClientErrorsAreProblemJson() {
    JsonNode problem = docs.get("components").get("schemas").get("ProblemDetail");
    assertThat(problem.get("properties").has("code")).isTrue();
    assertThat(problem.get("properties").has("field")).isTrue();
    for (Operation operation : operations()) {
      JsonNode responses = operation.definition().get("responses");
      List<String> codes = new ArrayList<>(responses.propertyNames());
      assertThat(codes).as(operation.key()).anyMatch(code -> code.startsWith("4"));
      assertThat(codes).as(operation.key()).anyMatch(code -> code.startsWith("2"));
      for (String code : codes) {
        if (code.startsWith("4") || code.startsWith("5")) {
          JsonNode schema = responses.get(code).path("content").path("application/problem+json");
          assertThat(schema.path("schema").path("$ref").asString(""))
              .as(operation.key() + " " + code)
              .isEqualTo("#/components/schemas/ProblemDetail");
        }
      }
    }
  }

  @Test
  void givenCreatingAndDeletingOperations_whenTheirAnswersAreRead_theyDocument201And204() {
    for (Operation operation : operations()) {
      String id = operation.definition().get("operationId").asString();
      Set<String> codes = new HashSet<>(operation.definition().get("responses").propertyNames());
      if (id.startsWith("create") || id.equals("startConversation")) {
        assertThat(codes).as(id).contains("201").doesNotContain("200");
      }
      if (id.startsWith("delete")) {
        assertThat(codes).as(id).contains("204").doesNotContain("200");
      }
    }
    assertThat(
            operation("post", "/chat-flow/conversations/{id}/cancel").get("responses").has("202"))
        .isTrue();
  }

  /** One operation of the document. */
  private record Operation(String method, String path, JsonNode definition) {
    String key() {
      return method.toUpperCase() + " " + path;
    }
  }

  private List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        operations.add(new Operation(method.getKey(), path.getKey(), method.getValue()));
      }
    }
    assertThat(operations).hasSizeGreaterThan(40);
    return operations;
  }

  private JsonNode operation(String method, String path) {
    return docs.get("paths").get(path).get(method);
  }

  /** The security scheme an operation names, or "" for none. */
  private static String scheme(JsonNode operation) {
    JsonNode security = operation.path("security");
    return security.isEmpty() ? "" : security.get(0).propertyNames().iterator().next();
  }
}
