package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The thin end-to-end path over real HTTP, on the embedded Temporal and Mongo-wire servers, with a
 * local HTTP server standing in for the WhatsApp Graph API: templates and a flow through REST →
 * start → the workflow sends the start template → a signed button-click webhook → the workflow
 * follows the matching edge → sends the next template → completes.
 */
@ActiveProfiles("test")
@DirtiesContext
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndTest {

  static final GraphApiStandIn GRAPH_API = new GraphApiStandIn();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("chatflow.whatsapp.graph-base-url", GRAPH_API::baseUrl);
    registry.add("chatflow.bootstrap.channel.mode", () -> "cloud_api");
  }

  @AfterAll
  static void stopStandIn() {
    GRAPH_API.close();
  }

  @LocalServerPort int port;

  @Test
  @Timeout(60)
  void givenTheSeedFlow_whenTheContactClicksTrackOrder_itSendsOrderStatusAndCompletes() {
    Http http = new Http(port, Fixtures.TOKEN);
    GRAPH_API.drain();
    Http.Response created = http.post("/chat-flow/templates/", Fixtures.welcomeTemplate());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String welcome = created.json().get("id").asString();
    String orderStatus =
        http.post("/chat-flow/templates", Fixtures.orderStatusTemplate())
            .json()
            .get("id")
            .asString();
    Http.Response flow = http.post("/chat-flow/flows/", Fixtures.welcomeFlow(welcome, orderStatus));
    assertThat(flow.status()).isEqualTo(201);
    assertThat(flow.json().get("errors")).isEmpty();
    String flowId = flow.json().get("id").asString();

    Http.Response started =
        http.post(
            "/chat-flow/flows/" + flowId + "/start/",
            "{\"contact\": \"16505551234\", \"name\": \"Sheena\", \"variables\": {\"order_id\": \"#4412\"}}");
    assertThat(started.status()).isEqualTo(201);
    String conversationId = started.json().get("id").asString();

    GraphApiStandIn.Received first = GRAPH_API.next(Duration.ofSeconds(20));
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v23.0/" + Fixtures.PHONE_NUMBER_ID + "/messages");
    assertThat(first.authorization()).isEqualTo("Bearer " + Fixtures.ACCESS_TOKEN);
    String payload0 = "cf:" + conversationId + ":1:0";
    assertThat(Http.JSON.readTree(first.body()))
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "16505551234",
                 "type": "template",
                 "template": {"name": "welcome_message", "language": {"code": "en_US"},
                   "components": [
                     {"type": "button", "sub_type": "quick_reply", "index": "0",
                      "parameters": [{"type": "payload", "payload": "%s"}]},
                     {"type": "button", "sub_type": "quick_reply", "index": "1",
                      "parameters": [{"type": "payload", "payload": "cf:%s:1:1"}]}]}}
                """
                    .formatted(payload0, conversationId)));

    byte[] click =
        Fixtures.buttonWebhook(
                "16505551234",
                "wamid.click-1",
                GraphApiStandIn.messageId(1),
                "Track Order",
                payload0)
            .getBytes(StandardCharsets.UTF_8);
    Http.Response delivered =
        http.withToken(null)
            .post(
                "/webhooks/whatsapp/",
                click,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Hub-Signature-256",
                    Signatures.sign(Fixtures.APP_SECRET, click)));
    assertThat(delivered.status()).isEqualTo(200);

    GraphApiStandIn.Received second = GRAPH_API.next(Duration.ofSeconds(20));
    JsonNode template = Http.JSON.readTree(second.body()).get("template");
    assertThat(template.get("name").asString()).isEqualTo("order_status");
    assertThat(template.get("components").get(0).get("parameters").findValuesAsString("text"))
        .containsExactly("Sheena", "#4412");

    JsonNode conversation =
        await(
            http,
            "/chat-flow/conversations/" + conversationId + "/",
            c -> c.get("status").asString().equals("completed"));
    assertThat(conversation.get("flow_version").asInt()).isEqualTo(1);
    List<String> kinds = new ArrayList<>();
    conversation
        .get("steps")
        .forEach(s -> kinds.add(s.get("kind").asString() + ":" + s.get("node_id").asString()));
    assertThat(kinds)
        .containsExactly(
            "node_entered:node-1",
            "message_sent:node-1",
            "reply:node-1",
            "edge_taken:node-1",
            "node_entered:node-2",
            "message_sent:node-2");
    JsonNode edge = conversation.get("steps").get(3);
    assertThat(edge.get("edge_id").asString()).isEqualTo("edge-1");
    assertThat(edge.get("trigger").asString()).isEqualTo("button_click");
    assertThat(GRAPH_API.drain()).isEmpty();
  }

  @Test
  void givenNoToken_whenCallingTheApi_itAnswers401ProblemJson() {
    Http.Response response = new Http(port, null).get("/chat-flow/flows/");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(new Http(port, "wrong").get("/chat-flow/flows").status()).isEqualTo(401);
  }

  @Test
  void givenTheEmbeddedServers_whenAskingForHealth_itIsUp() {
    Http.Response health = new Http(port, null).get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("UP");
  }

  static JsonNode await(Http http, String path, Predicate<JsonNode> condition) {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      Http.Response response = http.get(path);
      if (response.status() == 200) {
        last = response.json();
        if (condition.test(last)) {
          return last;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("condition not met for " + path + "; last: " + last);
  }
}
