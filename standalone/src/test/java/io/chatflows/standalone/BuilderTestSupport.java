package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Shared set-up of the builder API tests: one application context (real HTTP, embedded Temporal and
 * Mongo-wire servers) with the admin endpoint on, so every test works in a workspace of its own.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "chatflow.bootstrap.admin-token=" + BuilderTestSupport.ADMIN_TOKEN)
abstract class BuilderTestSupport {

  static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort int port;

  /** The seed's two templates and its Welcome Flow in a fresh workspace. */
  record Seed(Http http, String token, String welcome, String orderStatus, String flow) {}

  /** The token of a new, empty workspace. */
  String newWorkspaceToken() {
    Http.Response created =
        new Http(port, ADMIN_TOKEN)
            .post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("token").asString();
  }

  /** A client for a new, empty workspace. */
  Http newWorkspace() {
    return new Http(port, newWorkspaceToken());
  }

  /** A new workspace with the seed's templates and its Welcome Flow (active). */
  Seed seed() {
    String token = newWorkspaceToken();
    Http http = new Http(port, token);
    String welcome = created(http, "/chat-flow/templates/", Fixtures.welcomeTemplate());
    String orderStatus = created(http, "/chat-flow/templates/", Fixtures.orderStatusTemplate());
    String flow = created(http, "/chat-flow/flows/", Fixtures.welcomeFlow(welcome, orderStatus));
    return new Seed(http, token, welcome, orderStatus, flow);
  }

  /** POSTs, expects 201 and returns the new resource's id. */
  static String created(Http http, String path, String body) {
    Http.Response response = http.post(path, body);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().get("id").asString();
  }

  /** samples/reactflow-flow-data.json with the seed's real template ids. */
  static String sampleFlowData(String welcome, String orderStatus) {
    return Fixtures.sample("reactflow-flow-data.json")
        .replace("REPLACE-welcome-template-id", welcome)
        .replace("REPLACE-order-status-template-id", orderStatus);
  }

  static JsonNode json(String text) {
    return Http.JSON.readTree(text);
  }

  static JsonNode ok(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** An {@code application/problem+json} answer with this status and {@code code}. */
  static JsonNode assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("code").asString()).as(response.body()).isEqualTo(code);
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    return response.json();
  }

  /** A new workspace with the seed's templates and one active flow: the ReactFlow sample. */
  Seed sampleFlow() {
    String token = newWorkspaceToken();
    Http http = new Http(port, token);
    String welcome = created(http, "/chat-flow/templates/", Fixtures.welcomeTemplate());
    String orderStatus = created(http, "/chat-flow/templates/", Fixtures.orderStatusTemplate());
    String flow =
        created(
            http,
            "/chat-flow/flows/",
            """
            {"name": "Sample", "is_active": true, "start_template": "%s", "flow_data": %s}
            """
                .formatted(welcome, sampleFlowData(welcome, orderStatus)));
    return new Seed(http, token, welcome, orderStatus, flow);
  }

  /** The seed's flow in detail. */
  static JsonNode flow(Seed seed) {
    return ok(seed.http().get("/chat-flow/flows/" + seed.flow() + "/"));
  }

  /** The resource id of the node with this graph id, from a flow's detail. */
  static String nodeIdOf(JsonNode flow, String graphId) {
    return resourceIdOf(flow.get("nodes"), "node_id", graphId);
  }

  /** The resource id of the edge with this graph id, from a flow's detail. */
  static String edgeIdOf(JsonNode flow, String graphId) {
    return resourceIdOf(flow.get("edges"), "edge_id", graphId);
  }

  private static String resourceIdOf(JsonNode items, String field, String graphId) {
    for (JsonNode item : items) {
      if (item.get(field).asString().equals(graphId)) {
        return item.get("id").asString();
      }
    }
    throw new AssertionError("no " + field + " " + graphId + " in " + items);
  }

  /** The {@code field} a problem names, after checking its status and code. */
  static String problemField(Http.Response response, int status, String code) {
    return assertProblem(response, status, code).get("field").asString();
  }

  /** The values of {@code field} in every element of a JSON array. */
  static List<String> values(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(
        item -> values.add(item.path(field).isNull() ? null : item.path(field).asString()));
    return values;
  }
}
