package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.chatflows.api.webhook.Signatures;
import io.chatflows.store.crypto.EncryptedPayloadCodec;
import io.chatflows.store.crypto.EncryptionProperties;
import io.chatflows.store.crypto.Keyring;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every variable of the README's configuration table does what the table says, set as a real
 * environment variable of the packaged app (two processes: one on a MongoDB, Temporal server and
 * Graph API of the test's, every setting away from its default; one on the embedded servers).
 * {@code SPRING_TEMPORAL_CONNECTION_*} is covered by {@link SecuredTemporalIT}.
 */
class ConfigurationIT {

  static final String NAMESPACE = "chatflows-it";
  static final String TOKEN = "it-bootstrap-token";
  static final String ADMIN = "it-admin-token";
  static final String PHONE_NUMBER_ID = "109000000000042";
  static final String APP_SECRET = "it-app-secret";
  static final String ORIGIN = "http://ui.example:8233";

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void givenEverySettingAwayFromItsDefault_whenTheAppRuns_eachTakesEffect() throws Exception {
    String key = Keyring.newKey();
    MongoServer mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/chatflows-it";
    try (TcpProxy mongoLink = new TcpProxy("mongo", mongo.getLocalAddress().getPort());
        InterceptedTemporal temporal = InterceptedTemporal.plain();
        GraphApiStandIn graphApi = new GraphApiStandIn();
        MongoClient store = MongoClients.create(mongoUri)) {
      temporal.registerSearchAttributes(NAMESPACE);
      String graphRoot = graphApi.baseUrl().replace("/v23.0", "");
      Map<String, String> env = new HashMap<>();
      env.put("SPRING_MONGODB_URI", "mongodb://127.0.0.1:" + mongoLink.port() + "/chatflows-it");
      env.put("CHATFLOW_TEMPORAL_TARGET", temporal.target());
      env.put("CHATFLOW_TEMPORAL_NAMESPACE", NAMESPACE);
      env.put("CHATFLOW_BOOTSTRAP_TOKEN", TOKEN);
      env.put("CHATFLOW_ADMIN_TOKEN", ADMIN);
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_PHONE_NUMBER_ID", PHONE_NUMBER_ID);
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_MODE", "cloud_api");
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_ACCESS_TOKEN", "it-access-token");
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_APP_SECRET", APP_SECRET);
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_VERIFY_TOKEN", "it-verify-token");
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_DISPLAY_PHONE_NUMBER", "15559990042");
      env.put("CHATFLOW_BOOTSTRAP_CHANNEL_WABA_ID", "209000000000042");
      env.put("CHATFLOW_WHATSAPP_GRAPH_BASE_URL", graphRoot + "/v99.0");
      env.put("CHATFLOW_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
      env.put("CHATFLOW_LIMITS_MAX_BODY_BYTES", "20000");
      env.put("CHATFLOW_WORKER_STICKY_SCHEDULE_TO_START_TIMEOUT", "7s");
      env.put("CHATFLOW_ENCRYPTION_KEYS_K7", key);
      env.put("CHATFLOW_ENCRYPTION_ACTIVE_KEY", "k7");
      env.put("CHATFLOW_CODEC_ALLOWED_ORIGINS", ORIGIN);
      env.put("CHATFLOW_BRIDGE_HANDOVER_TIMEOUT", "1s");
      env.put("CHATFLOW_BRIDGE_MAX_EVENTS_PER_DELIVERY", "2");
      env.put("CHATFLOW_LIMITS_MAX_NODES", "4");
      env.put("CHATFLOW_LIMITS_MAX_EDGES", "3");
      env.put("CHATFLOW_LOOKUP_CACHE_TTL", "0s");
      env.put("CHATFLOW_API_TEMPORAL_TIMEOUT", "5s");
      env.put("CHATFLOW_STORE_READ_TIMEOUT", "3s");
      env.put("CHATFLOW_METRICS_MAX_FLOWS", "1");
      env.put("CHATFLOW_ANALYTICS_BACKFILL_ON_START", "false");
      env.put("CHATFLOW_ANALYTICS_BACKFILL_PARTITION", "7");
      int port = LocalAddresses.freePort();
      AppProcess app = AppProcess.standalone("configuration-external", port, env);
      try {
        // SERVER_PORT
        app.awaitHealthy(Duration.ofSeconds(120));
        // CHATFLOW_BOOTSTRAP_TOKEN
        AppReadiness.awaitToken(port, TOKEN);
        Http http = new Http(port, TOKEN);
        MongoDatabase database = store.getDatabase("chatflows-it");

        // CHATFLOW_BOOTSTRAP_CHANNEL_*: the default channel as configured.
        JsonNode channel = http.get("/chat-flow/channels/" + PHONE_NUMBER_ID + "/").json();
        assertThat(channel.get("display_phone_number").asString()).isEqualTo("15559990042");
        assertThat(channel.get("waba_id").asString()).isEqualTo("209000000000042");
        assertThat(channel.get("mode").asString()).isEqualTo("cloud_api");
        assertThat(channel.get("is_default").asBoolean()).isTrue();
        // ..._VERIFY_TOKEN
        Http.Response verified =
            new Http(port, null)
                .get(
                    "/webhooks/whatsapp/?hub.mode=subscribe&hub.verify_token=it-verify-token"
                        + "&hub.challenge=777");
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.body()).isEqualTo("777");

        // CHATFLOW_LIMITS_MAX_NODES / _MAX_EDGES: a flow of 4 nodes and 3 edges fits, one more not.
        String welcome = template(http, "cfg_welcome", List.of("Go", "Stop"));
        String hook = graphRoot + "/hook";
        Http.Response flow = http.post("/chat-flow/flows/", flow(welcome, hook, 0, 0));
        assertThat(flow.status()).as(flow.body()).isEqualTo(201);
        assertProblem(
            http.post("/chat-flow/flows/", flow(welcome, hook, 1, 0)), 400, "too_many_nodes");
        assertProblem(
            http.post("/chat-flow/flows/", flow(welcome, hook, 0, 1)), 400, "too_many_edges");
        // CHATFLOW_LIMITS_MAX_BODY_BYTES
        String large = "{\"name\": \"" + "x".repeat(21_000) + "\"}";
        assertProblem(http.post("/chat-flow/flows/", large), 413, "body_too_large");
        // SPRING_MONGODB_URI: what the app stored is in the test's MongoDB, database chatflows-it.
        assertThat(database.getCollection("templates").find(Filters.eq("_id", welcome)).first())
            .isNotNull();

        // A conversation: CHATFLOW_TEMPORAL_TARGET, _NAMESPACE, the encryption keys, the Graph API.
        String flowId = flow.json().get("id").asString();
        String contact = BridgeScenario.newContact();
        JsonNode started = start(http, flowId, contact);
        GraphApiStandIn.Received send = graphApi.next(Duration.ofSeconds(30));
        // CHATFLOW_WHATSAPP_GRAPH_BASE_URL, _CHANNEL_MODE, _CHANNEL_ACCESS_TOKEN
        assertThat(send.path()).isEqualTo("/v99.0/" + PHONE_NUMBER_ID + "/messages");
        assertThat(send.authorization()).isEqualTo("Bearer it-access-token");
        StartWorkflowExecutionRequest startRequest =
            temporal.calls().stream()
                .map(InterceptedTemporal.Call::request)
                .filter(StartWorkflowExecutionRequest.class::isInstance)
                .map(StartWorkflowExecutionRequest.class::cast)
                .filter(r -> r.getWorkflowId().equals(started.get("workflow_id").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(startRequest.getNamespace()).isEqualTo(NAMESPACE);
        // CHATFLOW_ENCRYPTION_KEYS_K7, CHATFLOW_ENCRYPTION_ACTIVE_KEY
        Payload input = startRequest.getInput().getPayloads(0);
        assertThat(input.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k7");
        Keyring k7 = new Keyring(new EncryptionProperties(Map.of("k7", key), "k7"));
        assertThat(
                new EncryptedPayloadCodec(k7)
                    .decode(List.of(input))
                    .get(0)
                    .getData()
                    .toStringUtf8())
            .contains(contact);

        // ..._APP_SECRET: a click signed with it moves the conversation to the webhook action,
        // CHATFLOW_WEBHOOK_ALLOWED_HOSTS lets that action call 127.0.0.1.
        String wamid = waitingMessage(http, started.get("id").asString());
        String click =
            WebhookBodies.button(
                PHONE_NUMBER_ID, contact, BridgeScenario.newMessageId(), wamid, "Go", "");
        assertThat(webhook(port, click, "another-secret").status()).isEqualTo(401);
        Http.Response clicked = webhook(port, click, APP_SECRET);
        assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);
        GraphApiStandIn.Received called = graphApi.next(Duration.ofSeconds(30));
        assertThat(called.path()).isEqualTo("/hook");

        // CHATFLOW_WORKER_STICKY_SCHEDULE_TO_START_TIMEOUT
        assertThat(
                temporal.calls().stream()
                    .map(InterceptedTemporal.Call::request)
                    .filter(RespondWorkflowTaskCompletedRequest.class::isInstance)
                    .map(r -> ((RespondWorkflowTaskCompletedRequest) r).getStickyAttributes())
                    .filter(sticky -> sticky.hasScheduleToStartTimeout())
                    .map(sticky -> sticky.getScheduleToStartTimeout().getSeconds())
                    .toList())
            .isNotEmpty()
            .containsOnly(7L);

        // CHATFLOW_BRIDGE_MAX_EVENTS_PER_DELIVERY: three messages in one delivery are too many.
        String three =
            WebhookBodies.batch(
                List.of(
                    WebhookBodies.text(
                        PHONE_NUMBER_ID, contact, BridgeScenario.newMessageId(), "a"),
                    WebhookBodies.text(
                        PHONE_NUMBER_ID, contact, BridgeScenario.newMessageId(), "b"),
                    WebhookBodies.text(
                        PHONE_NUMBER_ID, contact, BridgeScenario.newMessageId(), "c")));
        assertThat(webhook(port, three, APP_SECRET).status()).isEqualTo(400);

        // CHATFLOW_BRIDGE_HANDOVER_TIMEOUT: Temporal holds signals back 4 s, the bridge gives up
        // after 1 s and answers 503.
        String other = BridgeScenario.newContact();
        JsonNode second = start(http, flowId, other);
        String secondWamid = waitingMessage(http, second.get("id").asString());
        temporal.delay("SignalWorkflowExecution", Duration.ofSeconds(4));
        Instant before = Instant.now();
        Http.Response slow =
            webhook(
                port,
                WebhookBodies.button(
                    PHONE_NUMBER_ID, other, BridgeScenario.newMessageId(), secondWamid, "Stop", ""),
                APP_SECRET);
        Duration took = Duration.between(before, Instant.now());
        temporal.delay("SignalWorkflowExecution", Duration.ZERO);
        assertThat(slow.status()).as(slow.body()).isEqualTo(503);
        assertThat(took).isLessThan(Duration.ofMillis(3500));

        // CHATFLOW_ADMIN_TOKEN: the admin endpoint and the codec are on.
        Http admin = new Http(port, ADMIN);
        Http.Response workspace = admin.post("/admin/workspaces/", "{\"name\": \"Cache\"}");
        assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
        assertThat(admin.post("/codec/decode", "{\"payloads\": []}").status()).isEqualTo(200);
        // CHATFLOW_ANALYTICS_BACKFILL_ON_START=false: a first start on this database ran no
        // backfill (by default it starts one); CHATFLOW_ANALYTICS_BACKFILL_PARTITION
        JsonNode backfill = admin.get("/admin/analytics/backfill").json();
        assertThat(backfill.get("state").asString()).isEqualTo("idle");
        assertThat(backfill.get("partition").asInt()).isEqualTo(7);
        // CHATFLOW_CODEC_ALLOWED_ORIGINS
        assertThat(preflight(port, ORIGIN).headers().firstValue("Access-Control-Allow-Origin"))
            .contains(ORIGIN);
        assertThat(preflight(port, "http://localhost:8088").statusCode()).isEqualTo(403);

        // CHATFLOW_LOOKUP_CACHE_TTL=0s: a token removed from the database behind the app's back
        // stops working at once (cached, it would keep working for the default 5 s).
        Http cached = new Http(port, workspace.json().get("token").asString());
        assertThat(cached.get("/chat-flow/flows/").status()).isEqualTo(200);
        String workspaceId = workspace.json().get("id").asString();
        assertThat(
                database
                    .getCollection("api_tokens")
                    .deleteMany(Filters.eq("workspaceId", workspaceId))
                    .getDeletedCount())
            .isEqualTo(1);
        assertThat(cached.get("/chat-flow/flows/").status()).isEqualTo(401);

        // CHATFLOW_METRICS_MAX_FLOWS=1: the first flow keeps its own label, a second one is
        // counted as "other". It starts from a template of its own: one active flow per start
        // template.
        Http.Response secondFlow =
            http.post(
                "/chat-flow/flows/",
                flow(template(http, "cfg_welcome_again", List.of("Go", "Stop")), hook, 0, 0)
                    .replace("\"Configured\"", "\"Configured again\""));
        assertThat(secondFlow.status()).as(secondFlow.body()).isEqualTo(201);
        String secondFlowId = secondFlow.json().get("id").asString();
        start(http, secondFlowId, BridgeScenario.newContact());
        PrometheusScrape metrics =
            PrometheusScrape.parse(new Http(port, null).get("/actuator/prometheus").body());
        assertThat(metrics.sum("chatflow_conversations_started_total", Map.of("flow", flowId)))
            .isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("chatflow_conversations_started_total", Map.of("flow", "other")))
            .isEqualTo(1);
        assertThat(
                metrics.sum("chatflow_conversations_started_total", Map.of("flow", secondFlowId)))
            .isZero();

        // CHATFLOW_API_TEMPORAL_TIMEOUT (5 s, not less: a first start on a loaded machine can take
        // over a second): Temporal holds starts back 15 s, the API gives up and answers 503.
        temporal.delay("StartWorkflowExecution", Duration.ofSeconds(15));
        Instant startAt = Instant.now();
        Http.Response held =
            http.post(
                "/chat-flow/flows/" + flowId + "/start/",
                "{\"contact\": \"" + BridgeScenario.newContact() + "\"}");
        Duration startTook = Duration.between(startAt, Instant.now());
        temporal.delay("StartWorkflowExecution", Duration.ZERO);
        assertThat(held.status()).as(held.body()).isEqualTo(503);
        assertThat(startTook).isLessThan(Duration.ofSeconds(10));

        // CHATFLOW_STORE_READ_TIMEOUT: MongoDB stops answering, a request waits 3 s for it (a
        // retried read twice) and is answered 503; the default would wait 10 s.
        mongoLink.stall();
        Instant readAt = Instant.now();
        Http.Response stalled = http.get("/chat-flow/flows/");
        Duration readTook = Duration.between(readAt, Instant.now());
        mongoLink.on();
        assertThat(stalled.status()).as(stalled.body()).isEqualTo(503);
        assertThat(readTook).isLessThan(Duration.ofMillis(9500));
      } finally {
        app.stop();
        mongo.shutdownNow();
      }
    }
  }

  @Test
  @Timeout(300)
  void givenTheEmbeddedServersConfigured_whenTheAppRuns_eachTakesEffect() throws Exception {
    Optional<InetAddress> lan = LocalAddresses.nonLoopback();
    assumeTrue(lan.isPresent(), "this machine has no non-loopback address to bind to");
    Path data = dir.resolve("embedded-data");
    int mongoPort = LocalAddresses.freePort();
    int temporalPort = LocalAddresses.freePort();
    int port = LocalAddresses.freePort();
    AppProcess app =
        AppProcess.standalone(
            "configuration-embedded",
            port,
            Map.of(
                "CHATFLOW_DATA_DIR", data.toString(),
                "CHATFLOW_EMBEDDED_BIND_ADDRESS", lan.get().getHostAddress(),
                "CHATFLOW_EMBEDDED_MONGO_PORT", Integer.toString(mongoPort),
                "CHATFLOW_EMBEDDED_TEMPORAL_PORT", Integer.toString(temporalPort),
                "CHATFLOW_WORKER_DEADLOCK_DETECTION_TIMEOUT", "1ms",
                "CHATFLOW_BOOTSTRAP_TOKEN", Fixtures.TOKEN));
    try {
      app.awaitHealthy(Duration.ofSeconds(120));
      AppReadiness.awaitToken(port, Fixtures.TOKEN);
      InetAddress loopback = InetAddress.getLoopbackAddress();

      // CHATFLOW_EMBEDDED_BIND_ADDRESS, _MONGO_PORT, _TEMPORAL_PORT
      assertThat(LocalAddresses.accepts(lan.get(), mongoPort)).isTrue();
      assertThat(LocalAddresses.accepts(lan.get(), temporalPort)).isTrue();
      assertThat(LocalAddresses.accepts(loopback, mongoPort)).isFalse();
      assertThat(LocalAddresses.accepts(loopback, temporalPort)).isFalse();
      // CHATFLOW_DATA_DIR: the store and the generated key live there.
      assertThat(data.resolve("mongo.mv")).isRegularFile();
      String localKey = Files.readString(data.resolve("encryption-key")).trim();

      // The start is sealed with the generated key ...
      BridgeScenario scenario = new BridgeScenario(port, null);
      JsonNode started =
          start(scenario.http(), scenario.buttonFlow().id(), BridgeScenario.newContact());
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(lan.get().getHostAddress() + ":" + temporalPort)
                  .build());
      try {
        WorkflowClient client =
            WorkflowClient.newInstance(
                stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
        Payload input =
            client
                .fetchHistory(started.get("workflow_id").asString())
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getInput()
                .getPayloads(0);
        assertThat(input.getMetadataMap().get("encryption-key-id").toStringUtf8())
            .isEqualTo("local");
        Keyring local = new Keyring(new EncryptionProperties(Map.of("local", localKey), "local"));
        assertThat(new EncryptedPayloadCodec(local).decode(List.of(input))).hasSize(1);
      } finally {
        stubs.shutdownNow();
      }
      // ... and CHATFLOW_WORKER_DEADLOCK_DETECTION_TIMEOUT=1ms: its first workflow task takes
      // longer than that, which the SDK reports as a potential deadlock.
      Waits.until(
          Duration.ofSeconds(60),
          "a potential deadlock reported in " + app.log(),
          () -> {
            try {
              return Files.readString(app.log()).contains("PotentialDeadlockException")
                  ? true
                  : null;
            } catch (java.io.IOException e) {
              return null;
            }
          });
    } finally {
      app.stop();
    }
  }

  private static String template(Http http, String name, List<String> buttons) {
    StringBuilder list = new StringBuilder();
    for (String button : buttons) {
      list.append(list.isEmpty() ? "" : ", ")
          .append("{\"type\": \"QUICK_REPLY\", \"text\": \"")
          .append(button)
          .append("\"}");
    }
    Http.Response created =
        http.post(
            "/chat-flow/templates/",
            ("{\"name\": \"%s\", \"language\": \"en_US\", \"components\": [{\"type\": \"BODY\","
                    + " \"text\": \"Hello\"}, {\"type\": \"BUTTONS\", \"buttons\": [%s]}]}")
                .formatted(name, list));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  /**
   * node-1 sends the welcome template; "Go" leads to node-2, a webhook action calling {@code hook},
   * then node-3 ends; "Stop" ends at node-4. Extra nodes or edges go over the configured limits.
   */
  private static String flow(String welcome, String hook, int extraNodes, int extraEdges) {
    StringBuilder nodes =
        new StringBuilder(
            """
            {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
             "data": {"template_id": "%1$s"}},
            {"id": "node-2", "type": "action", "position": {"x": 300, "y": 0},
             "data": {"action": "webhook", "url": "%2$s", "method": "POST"}},
            {"id": "node-3", "type": "action", "position": {"x": 600, "y": 0},
             "data": {"action": "end"}},
            {"id": "node-4", "type": "action", "position": {"x": 300, "y": 200},
             "data": {"action": "end"}}"""
                .formatted(welcome, hook));
    for (int i = 0; i < extraNodes; i++) {
      nodes.append(
          ", {\"id\": \"extra-%d\", \"type\": \"action\", \"position\": {\"x\": 0, \"y\": 400},"
                  .formatted(i)
              + " \"data\": {\"action\": \"end\"}}");
    }
    StringBuilder edges =
        new StringBuilder(
            """
            {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Go"},
            {"id": "edge-2", "source": "node-2", "target": "node-3"},
            {"id": "edge-3", "source": "node-1", "target": "node-4", "label": "Button: Stop"}""");
    for (int i = 0; i < extraEdges; i++) {
      edges.append(
          ", {\"id\": \"extra-edge-%d\", \"source\": \"node-4\", \"target\": \"node-3\"}"
              .formatted(i));
    }
    return """
        {"name": "Configured", "is_active": true, "start_template": "%s",
         "flow_data": {"nodes": [%s], "edges": [%s]}}
        """
        .formatted(welcome, nodes, edges);
  }

  private static JsonNode start(Http http, String flow, String contact) {
    Http.Response started =
        http.post("/chat-flow/flows/" + flow + "/start/", "{\"contact\": \"" + contact + "\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json();
  }

  /** Waits until the conversation waits at node-1; returns the id of the message it sent. */
  private static String waitingMessage(Http http, String conversation) {
    JsonNode waiting =
        EndToEndTest.await(
            http,
            "/chat-flow/conversations/" + conversation + "/",
            c -> c.get("status").asString().equals("waiting") && !BridgeScenario.sent(c).isEmpty());
    return BridgeScenario.sent(waiting).get(0);
  }

  private static Http.Response webhook(int port, String body, String appSecret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Http(port, null)
        .post(
            "/webhooks/whatsapp/",
            bytes,
            Map.of(
                "Content-Type",
                "application/json",
                "X-Hub-Signature-256",
                Signatures.sign(appSecret, bytes)));
  }

  private static HttpResponse<String> preflight(int port, String origin) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/codec/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().get("code").asString()).isEqualTo(code);
  }
}
