package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Authentication is decided on the path the router matches, and everything not on the public list
 * needs a credential: every spelling of a protected path that reaches its endpoint with a token is
 * refused without one. Requests Tomcat rejects itself are answered with problem+json. All over a
 * raw socket, so no client rewrites the request.
 */
@AutoConfigureMetrics
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessControlTest {

  static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort int port;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/chat-flow/flows/",
        "/chat-flow;x=1/flows/",
        "/%63hat-flow/flows/",
        "/chat-flow/%66lows/",
        "/chat-flow/flows;x=1/",
        "/chat-flow;jsessionid=A1/flows;x/",
        "/%63%68%61%74-%66%6c%6f%77/flows"
      })
  void givenASpellingOfAWorkspaceEndpoint_itNeedsAWorkspaceToken(String path) {
    RawHttp http = new RawHttp(port);

    RawHttp.Response anonymous = http.get(path, null);
    RawHttp.Response wrongToken = http.get(path, "not-a-token");
    RawHttp.Response operator = http.get(path, ADMIN_TOKEN);
    RawHttp.Response withToken = http.get(path, Fixtures.TOKEN);

    assertProblem(anonymous, 401, "unauthorized");
    assertProblem(wrongToken, 401, "unauthorized");
    assertProblem(operator, 401, "unauthorized");
    assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
    assertThat(json(withToken).has("results")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin/workspaces/", "/admin;x=1/workspaces", "/%61dmin/workspaces/"})
  void givenASpellingOfTheAdminEndpoint_itNeedsTheAdminToken(String path) {
    RawHttp http = new RawHttp(port);

    RawHttp.Response anonymous = http.post(path, null, "{\"name\": \"Acme\"}");
    RawHttp.Response workspaceToken = http.post(path, Fixtures.TOKEN, "{\"name\": \"Acme\"}");
    RawHttp.Response admin = http.post(path, ADMIN_TOKEN, "{\"name\": \"Acme\"}");

    assertProblem(anonymous, 401, "unauthorized");
    assertProblem(workspaceToken, 401, "unauthorized");
    assertThat(admin.status()).as(admin.body()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/codec/decode", "/codec;x=1/decode", "/%63odec/decode"})
  void givenASpellingOfTheCodecEndpoint_itNeedsTheAdminToken(String path) {
    RawHttp http = new RawHttp(port);

    RawHttp.Response anonymous = http.post(path, null, "{\"payloads\": []}");
    RawHttp.Response workspaceToken = http.post(path, Fixtures.TOKEN, "{\"payloads\": []}");
    RawHttp.Response admin = http.post(path, ADMIN_TOKEN, "{\"payloads\": []}");

    assertProblem(anonymous, 401, "unauthorized");
    assertProblem(workspaceToken, 401, "unauthorized");
    assertThat(admin.status()).as(admin.body()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/nothing",
        "/error",
        "/actuator",
        "/actuator/info",
        "/chat-flow",
        "/index.htm",
        "/chat-flow/./flows/",
        "/assets/../chat-flow/flows/",
        "/assets/%2e%2e/chat-flow/flows/",
        "/webhooks/whatsapp/../../chat-flow/flows"
      })
  void givenAPathOffThePublicList_itNeedsAToken(String path) {
    RawHttp http = new RawHttp(port);

    RawHttp.Response anonymous = http.get(path, null);

    assertProblem(anonymous, 401, "unauthorized");
  }

  @Test
  void givenThePublicList_itAnswersWithoutAToken() {
    RawHttp http = new RawHttp(port);

    RawHttp.Response health = http.get("/actuator/health", null);
    RawHttp.Response liveness = http.get("/actuator/health/liveness", null);
    RawHttp.Response metrics = http.get("/actuator/prometheus", null);
    RawHttp.Response docs = http.get("/v3/api-docs", null);
    RawHttp.Response swagger = http.get("/swagger-ui/index.html", null);
    RawHttp.Response verify =
        http.get(
            "/webhooks/whatsapp/?hub.mode=subscribe&hub.verify_token=test-verify-token"
                + "&hub.challenge=1158201444",
            null);
    RawHttp.Response unsignedWebhook = http.post("/webhooks/whatsapp/", null, "{}");

    assertThat(health.status()).isEqualTo(200);
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("chatflow_");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(json(docs).has("openapi")).isTrue();
    assertThat(swagger.status()).isEqualTo(200);
    assertThat(verify.status()).isEqualTo(200);
    assertThat(verify.body()).isEqualTo("1158201444");
    // Public, yet every POST is verified by its signature.
    assertProblem(unsignedWebhook, 401, null);
    // The builder's files and the page shell of its routes are public.
    for (String path :
        new String[] {
          "/", "/index.html", "/assets/app.js", "/favicon.ico", "/favicon.svg", "/flows/some-id"
        }) {
      RawHttp.Response file = http.get(path, null);
      assertThat(file.status()).as(path).isNotEqualTo(401);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /chat-flow%2Fflows/ HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow%2fflows/ HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow%5Cflows/ HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow/flows/?search=|{} HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow/flows/?search=\"a\" HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow/flows/%zz HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow/flows/%00 HTTP/1.1\r\nHost: localhost\r\n",
        "GET /../chat-flow/flows/ HTTP/1.1\r\nHost: localhost\r\n",
        "GET chat-flow/flows/ HTTP/1.1\r\nHost: localhost\r\n",
        "GET /chat-flow/flows/ HTTP/1.1\r\n",
        "GET /chat-flow/flows/ HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n"
      })
  void givenARequestTomcatRejects_itIsAProblemDocument(String requestHead) {
    RawHttp.Response response = new RawHttp(port).send(requestHead + "Connection: close\r\n\r\n");

    assertProblem(response, 400, "malformed_request");
  }

  @Test
  void givenContainerErrors_theyAreProblemDocumentsToo() {
    RawHttp http = new RawHttp(port);

    RawHttp.Response badQueryEncoding = http.get("/chat-flow/flows/?search=%zz", Fixtures.TOKEN);
    RawHttp.Response trace =
        http.send(
            "TRACE /chat-flow/flows/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + Fixtures.TOKEN
                + "\r\nConnection: close\r\n\r\n");
    RawHttp.Response version =
        http.send("GET /chat-flow/flows/ HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    RawHttp.Response error = http.get("/error", Fixtures.TOKEN);

    assertProblem(badQueryEncoding, 400, "malformed_query");
    assertProblem(trace, 405, "http_405");
    assertProblem(version, 505, "http_505");
    assertProblem(error, 404, "not_found");
  }

  private static void assertProblem(RawHttp.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body()).doesNotContainIgnoringCase("<html");
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    if (code != null) {
      assertThat(problem.get("code").asString()).isEqualTo(code);
    }
  }

  private static JsonNode json(RawHttp.Response response) {
    return Http.JSON.readTree(response.body());
  }
}
