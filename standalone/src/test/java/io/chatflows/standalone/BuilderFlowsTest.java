package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Flows and templates over real HTTP: round-trip, versions, preconditions, pagination. */
class BuilderFlowsTest extends BuilderTestSupport {

  @Test
  void givenTheReactFlowSample_whenSavedAndReadBack_itReturnsFlowDataUnchanged() {
    Seed seed = seed();
    // One active flow per start template: the seed's own flow gives the template up.
    ok(seed.http().patch("/chat-flow/flows/" + seed.flow() + "/", "{\"is_active\": false}"));
    String flowData = sampleFlowData(seed.welcome(), seed.orderStatus());
    Http.Response created =
        seed.http()
            .post(
                "/chat-flow/flows/",
                """
                {"name": "Sample", "is_active": true, "start_template": "%s", "flow_data": %s}
                """
                    .formatted(seed.welcome(), flowData));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("flow_data")).isEqualTo(json(flowData));
    String id = created.json().get("id").asString();

    JsonNode read = ok(seed.http().get("/chat-flow/flows/" + id + "/"));
    assertThat(read.get("flow_data")).isEqualTo(json(flowData));
    assertThat(read.get("flow_data").get("viewport"))
        .isEqualTo(json("{\"x\":0,\"y\":0,\"zoom\":1}"));
    JsonNode edge = read.get("flow_data").get("edges").get(0);
    assertThat(edge.has("targetHandle")).isTrue();
    assertThat(edge.get("targetHandle").isNull()).isTrue();
    assertThat(read.get("is_active").asBoolean()).isTrue();
    assertThat(read.get("errors")).isEmpty();
    assertThat(values(read.get("nodes"), "node_id")).containsExactly("node-1", "node-2", "node-3");
    assertThat(values(read.get("edges"), "trigger_value"))
        .containsExactly("Track Order", "Talk to an agent");

    Http.Response replaced =
        seed.http()
            .put(
                "/chat-flow/flows/" + id,
                """
                {"name": "Sample", "is_active": true, "start_template": "%s", "flow_data": %s}
                """
                    .formatted(seed.welcome(), flowData.replace("\"zoom\": 1", "\"zoom\": 1.5")));
    assertThat(ok(replaced).get("flow_data").get("viewport").get("zoom").asDouble()).isEqualTo(1.5);
    JsonNode firstVersion = ok(seed.http().get("/chat-flow/flows/" + id + "/versions/1/"));
    assertThat(firstVersion.get("flow_data")).isEqualTo(json(flowData));
  }

  @Test
  void givenAFlow_whenChanged_itSnapshotsEveryGraphChangeAsAVersion() {
    Seed seed = seed();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    String sample = sampleFlowData(seed.welcome(), seed.orderStatus());

    JsonNode v2 =
        ok(
            seed.http()
                .put(
                    path,
                    """
                    {"name": "Welcome Flow", "is_active": true, "start_template": "%s",
                     "flow_data": %s}
                    """
                        .formatted(seed.welcome(), sample)));
    assertThat(v2.get("version").asInt()).isEqualTo(2);
    JsonNode renamed = ok(seed.http().patch(path, "{\"name\": \"Hello Flow\"}"));
    assertThat(renamed.get("version").asInt()).as("a rename is no graph change").isEqualTo(2);
    assertThat(renamed.get("flow_data")).isEqualTo(json(sample));
    JsonNode v3 = ok(seed.http().patch(path, "{\"settings\": {\"reply_timeout_seconds\": 3600}}"));
    assertThat(v3.get("version").asInt()).isEqualTo(3);
    assertThat(v3.get("settings").get("reply_timeout_seconds").asLong()).isEqualTo(3600);

    JsonNode versions = ok(seed.http().get(path + "versions/"));
    assertThat(versions.get("count").asInt()).isEqualTo(3);
    assertThat(values(versions.get("results"), "version")).containsExactly("3", "2", "1");
    assertThat(versions.get("results").get(0).get("flow_data").isNull()).isTrue();
    JsonNode first = ok(seed.http().get(path + "versions/1"));
    assertThat(first.get("flow_data"))
        .isEqualTo(json(Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus())).get("flow_data"));
    assertThat(ok(seed.http().get(path + "versions/2/")).get("flow_data")).isEqualTo(json(sample));
    assertProblem(seed.http().get(path + "versions/4/"), 404, "not_found");
  }

  @Test
  void givenAPrecondition_whenTheFlowMovedOn_itRefusesTheWriteWith409() throws Exception {
    Seed seed = seed();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    HttpResponse<String> read = raw("GET", path, null, null, seed);
    assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
    String body = Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus()).replace("100,", "140,");

    HttpResponse<String> first = raw("PUT", path, body, "\"1\"", seed);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");
    HttpResponse<String> stale = raw("PUT", path, body.replace("140,", "180,"), "\"1\"", seed);
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale.body()).get("code").asString()).isEqualTo("version_conflict");
    assertThat(raw("PATCH", path, "{\"name\": \"x\"}", "W/\"2\"", seed).statusCode())
        .isEqualTo(200);
    assertThat(raw("PATCH", path, "{\"name\": \"y\"}", "*", seed).statusCode()).isEqualTo(200);
    assertThat(raw("PATCH", path, "{\"name\": \"z\"}", "soon", seed).statusCode()).isEqualTo(400);

    assertProblem(
        seed.http().patch(path, "{\"version\": 1, \"flow_data\": {\"nodes\": [], \"edges\": []}}"),
        409,
        "version_conflict");
    JsonNode unchanged = ok(seed.http().get(path));
    assertThat(unchanged.get("version").asInt()).isEqualTo(2);
    assertThat(unchanged.get("nodes")).hasSize(3);
    assertThat(ok(seed.http().patch(path, "{\"version\": 2, \"name\": \"Welcome\"}")).get("name"))
        .isEqualTo(json("\"Welcome\""));
  }

  @Test
  void givenSeveralFlows_whenListed_itPaginatesAndFilters() {
    Http http = newWorkspace();
    for (int i = 1; i <= 5; i++) {
      created(
          http,
          "/chat-flow/flows/",
          "{\"name\": \"Flow %d\", \"description\": \"d\", \"flow_data\": {\"nodes\": [], \"edges\": []}}"
              .formatted(i));
    }
    JsonNode page1 = ok(http.get("/chat-flow/flows/?page_size=2&ordering=updated_at"));
    assertThat(page1.get("count").asInt()).isEqualTo(5);
    assertThat(page1.get("results")).hasSize(2);
    assertThat(page1.get("previous").isNull()).isTrue();
    assertThat(page1.get("next").asString()).contains("page=2").contains("page_size=2");
    assertThat(page1.get("results").get(0).has("flow_data")).isFalse();
    assertThat(page1.get("results").get(0).get("is_active").asBoolean()).isFalse();
    JsonNode page3 = ok(http.get("/chat-flow/flows?page_size=2&page=3&ordering=updated_at"));
    assertThat(values(page3.get("results"), "name")).containsExactly("Flow 5");
    assertThat(page3.get("next").isNull()).isTrue();
    assertThat(page3.get("previous").asString()).contains("page=2");
    assertThat(ok(http.get("/chat-flow/flows/?search=flow%203")).get("count").asInt()).isEqualTo(1);
    assertThat(ok(http.get("/chat-flow/flows/?is_active=true")).get("count").asInt()).isZero();
    assertThat(ok(http.get("/chat-flow/flows/?page_size=100")).get("results")).hasSize(5);
    assertProblem(http.get("/chat-flow/flows/?page_size=101"), 400, "invalid_page_size");
    assertProblem(http.get("/chat-flow/flows/?page_size=0"), 400, "invalid_page_size");
    assertProblem(http.get("/chat-flow/flows/?page=0"), 400, "invalid_page");
    assertProblem(http.get("/chat-flow/flows/?ordering=name"), 400, "invalid_ordering");
  }

  @Test
  void givenTemplates_whenManaged_itDerivesButtonsAndPaginates() {
    Http http = newWorkspace();
    String welcome = created(http, "/chat-flow/templates/", Fixtures.welcomeTemplate());
    created(http, "/chat-flow/templates", Fixtures.orderStatusTemplate());
    JsonNode read = ok(http.get("/chat-flow/templates/" + welcome + "/"));
    assertThat(read.get("buttons")).hasSize(2);
    assertThat(read.get("buttons").get(0).asString()).isEqualTo("Track Order");
    JsonNode list = ok(http.get("/chat-flow/templates/?page_size=1"));
    assertThat(list.get("count").asInt()).isEqualTo(2);
    assertThat(list.get("next").isNull()).isFalse();

    JsonNode replaced =
        ok(
            http.put(
                "/chat-flow/templates/" + welcome,
                Fixtures.welcomeTemplate().replace("Talk to an agent", "Call me")));
    assertThat(replaced.get("buttons").get(1).asString()).isEqualTo("Call me");
    assertThat(http.delete("/chat-flow/templates/" + welcome + "/").status()).isEqualTo(204);
    assertProblem(http.get("/chat-flow/templates/" + welcome), 404, "not_found");
    assertProblem(http.delete("/chat-flow/templates/" + welcome), 404, "not_found");
    assertProblem(
        http.post("/chat-flow/templates/", "{\"language\": \"en\"}"), 400, "name_required");
  }

  @Test
  void givenAFlow_whenDeleted_itsFlowNodesAndEdgesAreGone() {
    Seed seed = seed();
    JsonNode flow = ok(seed.http().get("/chat-flow/flows/" + seed.flow()));
    String node = flow.get("nodes").get(0).get("id").asString();
    String edge = flow.get("edges").get(0).get("id").asString();
    assertThat(seed.http().delete("/chat-flow/flows/" + seed.flow() + "/").status()).isEqualTo(204);
    assertProblem(seed.http().get("/chat-flow/flows/" + seed.flow()), 404, "not_found");
    assertProblem(seed.http().get("/chat-flow/nodes/" + node), 404, "not_found");
    assertProblem(seed.http().get("/chat-flow/edges/" + edge), 404, "not_found");
    assertProblem(seed.http().delete("/chat-flow/flows/" + seed.flow()), 404, "not_found");
    assertThat(ok(seed.http().get("/chat-flow/nodes/")).get("count").asInt()).isZero();
  }

  /** A request with an optional {@code If-Match}, answered with its headers. */
  private HttpResponse<String> raw(
      String method, String path, String body, String ifMatch, Seed seed)
      throws IOException, InterruptedException {
    String token = seed.token();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
