package io.chatflows.standalone;

import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.flow.FlowVersionDocument;
import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a hostile or careless client sent that once got a 500, was stored unbounded, or broke a
 * conversation: each class of input is refused with a 400 naming the field (or, in a webhook, a
 * recorded bad event), and a value out of range in an already stored flow version is clamped by the
 * conversation instead of failing it.
 */
@Timeout(60)
class HostileInputTest extends BuilderTestSupport {

  @Autowired FlowStore flowStore;

  @Autowired MongoTemplate mongo;

  @Test
  void givenANullStartVariable_whenStarting_itAnswers400NamingItAndLeavesNothingBehind() {
    Seed seed = seedWithChannel();
    String contact = newContact();
    String path = "/chat-flow/flows/" + seed.flow() + "/start/";

    Http.Response refused =
        seed.http()
            .post(
                path,
                "{\"contact\": \"%s\", \"variables\": {\"order_id\": null}}".formatted(contact));

    assertThat(problemField(refused, 400, "invalid_variable")).isEqualTo("variables.order_id");
    assertThat(
            ok(seed.http().get("/chat-flow/conversations/?contact=" + contact))
                .get("count")
                .asInt())
        .isZero();
    Http.Response started =
        seed.http()
            .post(
                path,
                "{\"contact\": \"%s\", \"variables\": {\"order_id\": \"A-1\"}}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
  }

  @Test
  void givenComponentKeysMongoCannotStore_whenATemplateIsSaved_itAnswers400NamingTheKey() {
    Http http = newWorkspace();
    for (String key : List.of("a.b", "$set", "a\\u0000b", "")) {
      Http.Response top =
          http.post(
              "/chat-flow/templates/",
              "{\"name\": \"t\", \"components\": [{\"type\": \"BODY\", \"text\": \"x\", \"%s\": 1}]}"
                  .formatted(key));
      Http.Response nested =
          http.post(
              "/chat-flow/templates/",
              ("{\"name\": \"t\", \"components\": [{\"type\": \"BODY\", \"text\": \"x\","
                      + " \"example\": {\"body_text\": [{\"%s\": \"v\"}]}}]}")
                  .formatted(key));

      assertThat(problemField(top, 400, "invalid_key")).startsWith("components[0][");
      assertThat(problemField(nested, 400, "invalid_key"))
          .startsWith("components[0]['example']['body_text'][0][");
    }
    String id = created(http, "/chat-flow/templates/", Fixtures.orderStatusTemplate());
    Http.Response replaced =
        http.put(
            "/chat-flow/templates/" + id + "/",
            "{\"name\": \"t\", \"components\": [{\"type\": \"BODY\", \"text\": \"x\", \"a.b\": 1}]}");
    assertProblem(replaced, 400, "invalid_key");
  }

  @Test
  void givenTemplateNamesOutsideWhatsAppsRule_whenSaved_itAnswers400NamingTheName() {
    Http http = newWorkspace();
    for (String name :
        List.of(
            "x\\u0000y", "evil\\u202Egpj", "Welcome", "has space", "caf\\u00e9", "a".repeat(513))) {
      Http.Response refused =
          http.post("/chat-flow/templates/", "{\"name\": \"%s\"}".formatted(name));
      assertThat(problemField(refused, 400, "invalid_template_name")).isEqualTo("name");
    }
    created(http, "/chat-flow/templates/", "{\"name\": \"%s\"}".formatted("a".repeat(512)));
  }

  @Test
  void givenTemplateTextsOverWhatsAppsLimits_whenSaved_eachIsRefusedNamingTheField() {
    Http http = newWorkspace();
    String atLimits =
        template(
            "{\"type\": \"HEADER\", \"format\": \"TEXT\", \"text\": \"%s\"}, {\"type\": \"BODY\", \"text\": \"%s\"},"
                    .formatted("h".repeat(60), "b".repeat(1024))
                + " {\"type\": \"FOOTER\", \"text\": \"%s\"}, %s"
                    .formatted("f".repeat(60), buttons(10, "q".repeat(25))));
    created(http, "/chat-flow/templates/", atLimits);

    Map<String, String> overLimits =
        Map.of(
            "components[0].text",
            "{\"type\": \"HEADER\", \"text\": \"%s\"}".formatted("h".repeat(61)),
            "components[1].text",
            "{\"type\": \"BODY\", \"text\": \"ok\"}, {\"type\": \"FOOTER\", \"text\": \"%s\"}"
                .formatted("f".repeat(61)),
            "components[0].text#body",
            "{\"type\": \"BODY\", \"text\": \"%s\"}".formatted("b".repeat(1025)),
            "components[1].buttons[0].text",
            "{\"type\": \"BODY\", \"text\": \"ok\"}, " + buttons(1, "q".repeat(26)),
            "components[1].buttons",
            "{\"type\": \"BODY\", \"text\": \"ok\"}, " + buttons(11, "q"),
            "components[0].type",
            "{\"type\": \"CAROUSEL\", \"text\": \"ok\"}",
            "components[1].type",
            "{\"type\": \"BODY\", \"text\": \"ok\"}, {\"type\": \"body\", \"text\": \"again\"}");
    overLimits.forEach(
        (field, components) -> {
          Http.Response refused = http.post("/chat-flow/templates/", template(components));
          assertThat(refused.json().get("field").asString())
              .as(refused.body())
              .isEqualTo(field.replace("#body", ""));
          assertThat(refused.status()).isEqualTo(400);
        });
    assertThat(
            problemField(
                http.post("/chat-flow/templates/", "{\"name\": \"t\", \"category\": \"SPAM\"}"),
                400,
                "invalid_category"))
        .isEqualTo("category");
    assertThat(
            problemField(
                http.post("/chat-flow/templates/", "{\"name\": \"t\", \"language\": \"en US\\n\"}"),
                400,
                "invalid_language"))
        .isEqualTo("language");
  }

  @Test
  void givenNamesAndTextsOverTheirBounds_whenStored_eachIsA400NamingTheField() {
    Seed seed = seedWithChannel();
    Http http = seed.http();
    String huge = "x".repeat(1_000_000);

    assertThat(
            problemField(
                http.post("/chat-flow/flows/", "{\"name\": \"" + huge + "\"}"),
                400,
                "invalid_text"))
        .isEqualTo("name");
    assertThat(
            problemField(
                http.post("/chat-flow/flows/", "{\"name\": \"Evil\\u202Egpj.exe\"}"),
                400,
                "invalid_text"))
        .isEqualTo("name");
    assertThat(
            problemField(
                http.patch(
                    "/chat-flow/flows/" + seed.flow() + "/", "{\"description\": \"a\\u0000b\"}"),
                400,
                "invalid_text"))
        .isEqualTo("description");
    assertThat(
            problemField(
                http.post(
                    "/chat-flow/nodes/",
                    "{\"flow\": \"%s\", \"node_id\": \"n\\u0000\", \"node_type\": \"action\"}"
                        .formatted(seed.flow())),
                400,
                "invalid_text"))
        .isEqualTo("node_id");
    assertThat(
            problemField(
                http.post(
                    "/chat-flow/edges/",
                    ("{\"flow\": \"%s\", \"source_node\": \"node-1\", \"target_node\": \"node-2\","
                            + " \"label\": \"Button: Track Order\\u202E\"}")
                        .formatted(seed.flow())),
                400,
                "invalid_text"))
        .isEqualTo("label");

    String contact = newContact();
    Http.Response started =
        http.post(
            "/chat-flow/flows/" + seed.flow() + "/start/",
            "{\"contact\": \"%s\", \"name\": \"Ada\\u0007\"}".formatted(contact));
    assertThat(problemField(started, 400, "invalid_text")).isEqualTo("name");
    assertThat(
            problemField(
                http.post(
                    "/chat-flow/flows/" + seed.flow() + "/start/",
                    "{\"contact\": \"%s\", \"variables\": {\"x\": \"a\\u0000\"}}"
                        .formatted(contact)),
                400,
                "invalid_text"))
        .isEqualTo("variables.x");
    String key = startedContactKey(http, seed.flow(), contact);
    String contactPath = "/chat-flow/contacts/" + key + "/";
    assertThat(problemField(http.patch(contactPath, "{\"name\": \"a\\nb\"}"), 400, "invalid_text"))
        .isEqualTo("name");
    assertThat(
            problemField(
                http.patch(contactPath, "{\"add_tags\": [\"vip\", \"x\\u202E\"]}"),
                400,
                "invalid_tag"))
        .isEqualTo("add_tags[1]");
    assertThat(
            problemField(
                http.patch(contactPath, "{\"attributes\": {\"plan\": \"a\\u0000\"}}"),
                400,
                "invalid_text"))
        .isEqualTo("attributes.plan");
    assertThat(
            problemField(
                http.patch(contactPath, "{\"attributes\": {\"a.b\": \"x\"}}"),
                400,
                "invalid_attribute"))
        .isEqualTo("attributes");
    assertThat(
            assertProblem(
                    http.post(
                        "/chat-flow/channels/",
                        "{\"phone_number_id\": \"77%s\", \"display_phone_number\": \"1\\u0000\"}"
                            .formatted(System.nanoTime() % 1_000_000_000L)),
                    400,
                    "invalid_display_phone_number")
                .get("errors")
                .get(0)
                .get("field")
                .asString())
        .isEqualTo("display_phone_number");
    assertThat(
            problemField(
                new Http(port, ADMIN_TOKEN)
                    .post("/admin/workspaces/", "{\"name\": \"W\\u202Eorkspace\"}"),
                400,
                "invalid_text"))
        .isEqualTo("name");
  }

  @Test
  void givenDurationsOutOfRange_whenADraftIsSaved_theyAreListedAndActivationRefusesThem() {
    Seed seed = seed();
    String draft =
        Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus())
            .replace("\"is_active\": true", "\"is_active\": false")
            .replace(
                "\"template_name\": \"welcome_message\"}",
                "\"template_name\": \"welcome_message\", \"timeout_seconds\": 1000000000000}")
            .replace(
                "\"data\": {\"action\": \"assign\", \"team\": \"support\", \"handoff\": true}",
                "\"data\": {\"action\": \"delay\", \"delay_seconds\": 9223372036854775807}");
    Http.Response saved = seed.http().post("/chat-flow/flows/", draft);
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    JsonNode errors = saved.json().get("errors");
    assertThat(values(errors, "code")).containsExactly("out_of_range", "out_of_range");
    assertThat(values(errors, "node_id")).containsExactly("node-1", "node-3");
    assertThat(values(errors, "field")).containsExactly("timeout_seconds", "delay_seconds");

    String id = saved.json().get("id").asString();
    JsonNode refused =
        assertProblem(
            seed.http().patch("/chat-flow/flows/" + id + "/", "{\"is_active\": true}"),
            400,
            "invalid_flow");
    assertThat(values(refused.get("errors"), "field"))
        .containsExactly("timeout_seconds", "delay_seconds");

    for (String seconds : List.of("0", "-1", "2592001", "9223372036854775807")) {
      assertThat(
              problemField(
                  seed.http()
                      .patch(
                          "/chat-flow/flows/" + seed.flow() + "/",
                          "{\"settings\": {\"reply_timeout_seconds\": " + seconds + "}}"),
                  400,
                  "invalid_settings"))
          .isEqualTo("settings.reply_timeout_seconds");
    }
    assertThat(
            ok(seed.http()
                    .patch(
                        "/chat-flow/flows/" + seed.flow() + "/",
                        "{\"settings\": {\"reply_timeout_seconds\": 2592000}}"))
                .get("settings")
                .get("reply_timeout_seconds")
                .asLong())
        .isEqualTo(2_592_000);
  }

  @Test
  void givenQueryNumbersAndDatesOutOfRange_whenRead_itAnswers400NamingTheParameter() {
    Seed seed = seed();
    Http http = seed.http();
    String analytics = "/chat-flow/analytics/?flow=" + seed.flow();
    Map<String, String> refused =
        Map.of(
            analytics + "&from=%2B1000000000-01-01T00:00:00Z",
            "from",
            analytics + "&to=-999999999-01-01T00:00:00Z",
            "to",
            analytics + "&from=1969-12-31T23:59:59Z",
            "from",
            analytics + "&version=0",
            "version",
            analytics + "&version=99999999999",
            "version",
            "/chat-flow/flows/?page=2147483647",
            "page",
            "/chat-flow/flows/?page=1000001",
            "page",
            "/chat-flow/templates/?page_size=abc",
            "page_size",
            "/chat-flow/conversations/?page_size=0",
            "page_size",
            "/chat-flow/flows/" + seed.flow() + "/versions/99999999999/",
            "version");
    refused.forEach(
        (path, field) -> {
          Http.Response response = http.get(path);
          assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
          assertThat(response.contentType()).startsWith("application/problem+json");
          assertThat(response.json().get("field").asString()).as(path).isEqualTo(field);
        });
    assertThat(ok(http.get("/chat-flow/flows/?page=1000000")).get("results")).isEmpty();
    ok(http.get(analytics + "&from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z"));
  }

  @Test
  void givenWebhookTimestampsAndStatusesOutOfRange_whenSigned_theyAreRecordedBadEvents() {
    String contact = newContact();
    ObjectNode late = webhook(WebhookBodies.text(PHONE_NUMBER_ID, contact, messageId(), "hi"));
    messageOf(late).put("timestamp", "99999999999999999");
    ObjectNode garbled = webhook(WebhookBodies.text(PHONE_NUMBER_ID, contact, messageId(), "hi"));
    messageOf(garbled).put("timestamp", "-1");
    String odd = "read.$x";
    ObjectNode status =
        webhook(WebhookBodies.status(PHONE_NUMBER_ID, "wamid.ours", "read", contact, 0));
    ((ObjectNode) value(status).get("statuses").get(0)).put("status", odd);

    Http.Response bad =
        signed(
            WebhookBodies.batch(List.of(late.toString(), garbled.toString(), status.toString())));

    assertThat(bad.status()).as(bad.body()).isEqualTo(200);
    assertThat(strings(bad.json().get("outcomes")))
        .containsExactly("invalid_timestamp", "invalid_timestamp", "invalid_status");
    Http defaultWorkspace = new Http(port, Fixtures.TOKEN);
    assertThat(
            ok(defaultWorkspace.get("/chat-flow/contacts/?wa_id=" + contact)).get("count").asInt())
        .as("a bad event is not handed over: no contact was created")
        .isZero();
  }

  @Test
  void givenAnUnsignedWebhookWithAValueOutOfRange_whenPosted_itIs401BeforeAnythingIsRead() {
    ObjectNode late = webhook(WebhookBodies.text(PHONE_NUMBER_ID, newContact(), messageId(), "hi"));
    messageOf(late).put("timestamp", "99999999999999999");
    byte[] body = late.toString().getBytes(StandardCharsets.UTF_8);

    Http.Response unsigned =
        new Http(port, null)
            .post(
                "/webhooks/whatsapp/",
                body,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Hub-Signature-256",
                    Signatures.sign("not-the-app-secret", body)));

    assertProblem(unsigned, 401, "invalid_signature");

    StringBuilder many = new StringBuilder("{\"entry\": [{\"changes\": [");
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"value\": {\"metadata\": {\"phone_number_id\": \"9%d\"}}}".formatted(i));
    }
    Http.Response tooMany =
        new Http(port, null)
            .post(
                "/webhooks/whatsapp/",
                many.append("]}]}").toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "X-Hub-Signature-256", "sha256=00"));
    assertProblem(tooMany, 400, "too_many_channels");
  }

  @Test
  void givenAStoredVersionWithDurationsOutOfRange_whenStarted_itClampsWithAStepAndCanBeCancelled() {
    Seed seed = seedWithChannel();
    FlowDocument flow = mongo.findById(seed.flow(), FlowDocument.class);
    FlowVersionDocument current =
        flowStore.version(flow.workspaceId(), flow.id(), flow.version()).orElseThrow();
    // As stored before ranges existed: a node timeout of 10^12 s and a Long.MAX flow default.
    flowStore.saveVersion(
        new FlowVersionDocument(
            current.id(),
            current.workspaceId(),
            current.flowId(),
            current.version(),
            current.name(),
            current.startTemplate(),
            current
                .flowData()
                .replace(
                    "\"template_name\":\"welcome_message\"}",
                    "\"template_name\":\"welcome_message\",\"timeout_seconds\":1000000000000}"),
            Long.MAX_VALUE,
            current.createdAt(),
            null,
            null,
            null,
            null,
            null));

    String contact = newContact();
    Http.Response started =
        seed.http()
            .post(
                "/chat-flow/flows/" + seed.flow() + "/start/",
                "{\"contact\": \"%s\"}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String id = started.json().get("id").asString();
    JsonNode waiting = awaitConversation(seed.http(), id, "waiting");
    assertThat(waiting.get("steps").toString())
        .contains("invalid_value")
        .contains("timeout_seconds 1000000000000 is outside 1..2592000: used 2592000");

    Http.Response cancel = seed.http().post("/chat-flow/conversations/" + id + "/cancel/", "");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    awaitConversation(seed.http(), id, "cancelled");
  }

  /** The seed's workspace and flow, with a sandbox channel to start conversations on. */
  private Seed seedWithChannel() {
    Seed seed = seed();
    created(
        seed.http(),
        "/chat-flow/channels/",
        "{\"phone_number_id\": \"86%d\", \"mode\": \"sandbox\"}"
            .formatted(System.nanoTime() % 1_000_000_000L));
    return seed;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(item -> out.add(item.asString()));
    return out;
  }

  private static JsonNode awaitConversation(Http http, String id, String status) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = ok(http.get("/chat-flow/conversations/" + id + "/"));
      if (status.equals(last.get("status").asString())) {
        return last;
      }
      sleep();
    }
    throw new AssertionError("conversation " + id + " never became " + status + ": " + last);
  }

  private String startedContactKey(Http http, String flow, String contact) {
    Http.Response started =
        http.post(
            "/chat-flow/flows/" + flow + "/start/", "{\"contact\": \"%s\"}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("contact_key").asString();
  }

  private static String template(String components) {
    return "{\"name\": \"limits_%s\", \"components\": [%s]}"
        .formatted(UUID.randomUUID().toString().replace("-", "").substring(0, 8), components);
  }

  private static String buttons(int count, String text) {
    StringBuilder buttons = new StringBuilder("{\"type\": \"BUTTONS\", \"buttons\": [");
    for (int i = 0; i < count; i++) {
      buttons
          .append(i == 0 ? "" : ", ")
          .append("{\"type\": \"QUICK_REPLY\", \"text\": \"%s\"}".formatted(text));
    }
    return buttons.append("]}").toString();
  }

  private Http.Response signed(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Http(port, null)
        .post(
            "/webhooks/whatsapp/",
            bytes,
            Map.of(
                "Content-Type",
                "application/json",
                "X-Hub-Signature-256",
                Signatures.sign(Fixtures.APP_SECRET, bytes)));
  }

  private static ObjectNode webhook(String body) {
    return (ObjectNode) json(body);
  }

  private static ObjectNode value(JsonNode root) {
    return (ObjectNode) root.get("entry").get(0).get("changes").get(0).get("value");
  }

  private static ObjectNode messageOf(JsonNode root) {
    return (ObjectNode) value(root).get("messages").get(0);
  }

  private static String newContact() {
    return "1651" + (1_000_000 + (System.nanoTime() / 1000) % 9_000_000);
  }

  private static String messageId() {
    return "wamid.hostile." + UUID.randomUUID();
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
