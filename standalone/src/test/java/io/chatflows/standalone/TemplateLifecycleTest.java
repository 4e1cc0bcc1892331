package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
 * The template lifecycle over real HTTP, with a local Graph API stand-in serving the business
 * account's template list in pages: a sync imports every template with all its components and is
 * idempotent; a signed status webhook pauses a template, which flags its flows and makes the next
 * send of a running conversation fail as {@code delivery_failed} without calling WhatsApp, until it
 * is approved again; quality webhooks are stored; another workspace is never touched; name and
 * language are unique; sent messages keep their rendered text.
 */
@Timeout(120)
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TemplateLifecycleTest {

  static final TemplateGraphStandIn GRAPH = new TemplateGraphStandIn();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Webhook times are after every sync of the test (a sync stamps its statuses with its time). */
  private static final long T0 = Instant.now().getEpochSecond() + 600;

  @DynamicPropertySource
  static void graphApi(DynamicPropertyRegistry registry) {
    registry.add("chatflow.whatsapp.graph-base-url", GRAPH::baseUrl);
    registry.add("chatflow.templates.sync-interval", () -> "0");
  }

  @AfterAll
  static void stop() {
    GRAPH.close();
  }

  @LocalServerPort int port;

  /** A workspace with a cloud API channel of its own business account, listing both pages. */
  record Account(Http http, String phoneNumberId, String wabaId, String appSecret) {}

  private Account account() {
    Http.Response created =
        new Http(port, AccessControlTest.ADMIN_TOKEN)
            .post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http http = new Http(port, created.json().get("token").asString());
    String phoneNumberId = digits();
    String wabaId = digits();
    String appSecret = "secret-" + UUID.randomUUID();
    Http.Response channel =
        http.post(
            "/chat-flow/channels/",
            """
            {"phone_number_id": "%s", "waba_id": "%s", "access_token": "token-%s",
             "app_secret": "%s", "verify_token": "verify", "mode": "cloud_api", "is_default": true}
            """
                .formatted(phoneNumberId, wabaId, wabaId, appSecret));
    assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    GRAPH.list(
        wabaId,
        List.of(
            Fixtures.sample("whatsapp-message-templates-page-1.json"),
            Fixtures.sample("whatsapp-message-templates-page-2.json")));
    return new Account(http, phoneNumberId, wabaId, appSecret);
  }

  private static String digits() {
    return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
  }

  private static JsonNode sync(Account account) {
    Http.Response synced = account.http().post("/chat-flow/templates/sync/", "{}");
    assertThat(synced.status()).as(synced.body()).isEqualTo(200);
    return synced.json().get("accounts").get(0);
  }

  private static JsonNode templates(Account account) {
    Http.Response list = account.http().get("/chat-flow/templates/?page_size=100");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json().get("results");
  }

  private static JsonNode template(Account account, String name, String language) {
    for (JsonNode t : templates(account)) {
      if (t.get("name").asString().equals(name) && t.get("language").asString().equals(language)) {
        return t;
      }
    }
    throw new AssertionError("no template " + name + " " + language);
  }

  @Test
  void
      givenTwoPagesOfTemplates_whenSynced_everyTemplateIsListedWhole_andASecondSyncChangesNothing() {
    Account account = account();

    JsonNode first = sync(account);

    assertThat(first.get("waba_id").asString()).isEqualTo(account.wabaId());
    assertThat(first.get("pages").asInt()).isEqualTo(2);
    assertThat(first.get("created").asInt()).isEqualTo(8);
    List<GraphCall> listings = listings(account.wabaId());
    assertThat(listings).hasSize(2);
    assertThat(listings.get(0).query()).contains("limit=100").doesNotContain("after=");
    assertThat(listings.get(1).query()).contains("after=QVFIU-after-1");
    JsonNode results = templates(account);
    assertThat(results).hasSize(8);
    JsonNode order = template(account, "order_update", "en_US");
    assertThat(order.get("status").asString()).isEqualTo("APPROVED");
    assertThat(order.get("sendable").asBoolean()).isTrue();
    assertThat(order.get("quality_score").asString()).isEqualTo("GREEN");
    assertThat(order.get("whatsapp_id").asString()).isEqualTo("1001");
    assertThat(order.get("buttons").toString()).isEqualTo("[\"Track Order\",\"Talk to an agent\"]");
    assertThat(order.get("components").get(3).get("buttons").get(3).get("phone_number").asString())
        .isEqualTo("+15550100");
    assertThat(template(account, "order_update", "pt_BR").get("status").asString())
        .isEqualTo("APPROVED");
    assertThat(
            template(account, "spring_promo", "en_US")
                .get("components")
                .get(0)
                .get("format")
                .asString())
        .isEqualTo("IMAGE");
    assertThat(
            template(account, "login_code", "en_US")
                .get("components")
                .get(2)
                .get("buttons")
                .get(0)
                .get("otp_type")
                .asString())
        .isEqualTo("COPY_CODE");
    JsonNode tour = template(account, "product_tour", "es");
    assertThat(tour.get("status").asString()).isEqualTo("PAUSED");
    assertThat(tour.get("sendable").asBoolean()).isFalse();
    assertThat(tour.get("components").get(2).get("buttons").get(0).get("type").asString())
        .isEqualTo("FLOW");
    assertThat(template(account, "invoice_ready", "en_US").get("reason").asString())
        .isEqualTo("INVALID_FORMAT");
    assertThat(
            template(account, "store_location", "en_US")
                .get("components")
                .get(0)
                .get("format")
                .asString())
        .isEqualTo("LOCATION");

    JsonNode again = sync(account);

    assertThat(again.get("created").asInt()).isZero();
    assertThat(again.get("updated").asInt()).isZero();
    assertThat(again.get("unchanged").asInt()).isEqualTo(8);
    assertThat(templates(account).toString()).isEqualTo(results.toString());

    GRAPH.list(
        account.wabaId(),
        List.of(
            Fixtures.sample("whatsapp-message-templates-page-1.json")
                .replace("\"next\"", "\"previous\"")));
    JsonNode shrunk = sync(account);

    assertThat(shrunk.get("deleted").asInt()).isEqualTo(4);
    JsonNode gone = template(account, "invoice_ready", "en_US");
    assertThat(gone.get("status").asString()).isEqualTo("DELETED");
    assertThat(gone.get("sendable").asBoolean()).isFalse();
    assertThat(templates(account)).as("marked, never removed").hasSize(8);
  }

  @Test
  void givenTheGraphApiFailsOnTheSecondPage_whenSynced_itAnswersAProblemAndStoresNothing() {
    Account account = account();
    GRAPH.failOn(account.wabaId(), 1, 500, "{\"error\": {\"code\": 2, \"message\": \"down\"}}");

    Http.Response failed = account.http().post("/chat-flow/templates/sync/", "{}");

    assertThat(failed.status()).as(failed.body()).isEqualTo(503);
    assertThat(failed.contentType()).startsWith("application/problem+json");
    assertThat(failed.json().get("code").asString()).isEqualTo("graph_api_unavailable");
    assertThat(templates(account)).isEmpty();

    GRAPH.failOn(
        account.wabaId(),
        0,
        400,
        "{\"error\": {\"code\": 190, \"message\": \"Invalid OAuth access token\"}}");
    Http.Response refused =
        account
            .http()
            .post(
                "/chat-flow/templates/sync/", "{\"channel\": \"" + account.phoneNumberId() + "\"}");

    assertThat(refused.status()).as(refused.body()).isEqualTo(502);
    assertThat(refused.json().get("code").asString()).isEqualTo("template_sync_refused");
    assertThat(templates(account)).isEmpty();
    assertThat(account.http().post("/chat-flow/templates/sync/", "{\"channel\": \"1\"}").status())
        .isEqualTo(404);
  }

  @Test
  void givenATemplateOfTheWorkspace_whenAnotherWithTheSameNameAndLanguageIsSaved_itIs409() {
    Account account = account();
    sync(account);
    String body =
        "{\"name\": \"order_update\", \"language\": \"%s\", \"components\": [{\"type\": \"BODY\","
            + " \"text\": \"Hello\"}]}";

    Http.Response clash = account.http().post("/chat-flow/templates/", body.formatted("en_US"));

    assertThat(clash.status()).as(clash.body()).isEqualTo(409);
    assertThat(clash.contentType()).startsWith("application/problem+json");
    assertThat(clash.json().get("code").asString()).isEqualTo("template_exists");
    Http.Response other = account.http().post("/chat-flow/templates/", body.formatted("fr"));
    assertThat(other.status()).as(other.body()).isEqualTo(201);
    Http.Response renamed =
        account
            .http()
            .put(
                "/chat-flow/templates/" + other.json().get("id").asString() + "/",
                body.formatted("pt_BR"));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
    assertThat(newWorkspaceHttp().post("/chat-flow/templates/", body.formatted("en_US")).status())
        .as("another workspace may use the name")
        .isEqualTo(201);
  }

  @Test
  void
      givenAPausedTemplate_whenARunningConversationSendsIt_itTakesDeliveryFailedWithoutCallingWhatsApp() {
    Account account = account();
    Account other = account();
    sync(account);
    sync(other);
    String order = template(account, "order_update", "en_US").get("id").asString();
    String notice = template(account, "shipping_notice", "en_US").get("id").asString();
    String flow = flow(account, order, notice);
    String contact = digits();
    String conversation = start(account, flow, contact);
    JsonNode waiting =
        await(account, conversation, c -> c.get("status").asString().equals("waiting"));
    assertThat(GRAPH.sendsTo(contact)).hasSize(1);
    assertThat(waiting.get("messages").get(0).get("rendered_text").asString())
        .isEqualTo("Order A-17\n\nHi Ada, your order A-17 ships today.\n\nReply STOP to opt out");

    JsonNode paused = statusWebhook(account, "PAUSED", "1002", "shipping_notice", 1_000);
    assertThat(paused.get("outcomes").toString()).isEqualTo("[\"recorded\"]");
    assertThat(
            statusWebhook(account, "PAUSED", "1002", "shipping_notice", 1_000)
                .get("outcomes")
                .toString())
        .as("a redelivery")
        .isEqualTo("[\"duplicate\"]");
    assertThat(
            statusWebhook(account, "APPROVED", "1002", "shipping_notice", 900)
                .get("outcomes")
                .toString())
        .as("an older report")
        .isEqualTo("[\"stale\"]");
    JsonNode stored = template(account, "shipping_notice", "en_US");
    assertThat(stored.get("status").asString()).isEqualTo("PAUSED");
    assertThat(stored.get("sendable").asBoolean()).isFalse();
    assertThat(template(other, "shipping_notice", "en_US").get("status").asString())
        .as("the other workspace's template of the same name")
        .isEqualTo("APPROVED");
    assertThat(problemCodes(account, flow)).contains("template_not_sendable");
    Http.Response blocked = account.http().post("/chat-flow/flows/", flowBody(order, notice));
    assertThat(blocked.status()).as("a new active flow with a paused template").isEqualTo(400);
    assertThat(blocked.body()).contains("invalid_flow", "template_not_sendable");

    reply(account, contact);
    JsonNode done =
        await(account, conversation, c -> c.get("status").asString().equals("completed"));

    List<String> steps = new ArrayList<>();
    done.get("steps")
        .forEach(s -> steps.add(s.get("kind").asString() + ":" + s.get("node_id").asString()));
    assertThat(steps).contains("send_failed:node-2", "action:node-3");
    JsonNode failed = null;
    for (JsonNode step : done.get("steps")) {
      if (step.get("kind").asString().equals("send_failed")) {
        failed = step;
      }
    }
    assertThat(failed.get("detail").asString()).contains("template_paused");
    assertThat(GRAPH.sendsTo(contact)).as("no call to WhatsApp for the paused template").hasSize(1);

    JsonNode approved = statusWebhook(account, "APPROVED", "1002", "shipping_notice", 2_000);
    assertThat(approved.get("outcomes").toString()).isEqualTo("[\"recorded\"]");
    assertThat(problemCodes(account, flow)).doesNotContain("template_not_sendable");
    String later = digits();
    String resumed = start(account, flow, later);
    await(account, resumed, c -> c.get("status").asString().equals("waiting"));
    reply(account, later);
    JsonNode sent = await(account, resumed, c -> c.get("status").asString().equals("completed"));
    assertThat(GRAPH.sendsTo(later)).hasSize(2);
    assertThat(sent.get("messages").get(1).get("rendered_text").asString())
        .isEqualTo("Your order A-17 is on its way.");
  }

  @Test
  void givenQualityAndForeignWebhooks_whenDelivered_onlyTheSignedAccountsWorkspaceChanges() {
    Account account = account();
    Account other = account();
    sync(account);
    sync(other);

    JsonNode quality =
        deliver(
            account,
            Fixtures.sample("whatsapp-webhook-template-quality-update.json")
                .replace("WABA_ID", account.wabaId())
                .replace("EVENT_TIME", Long.toString(Instant.now().getEpochSecond()))
                .replace("PREVIOUS", "GREEN")
                .replace("NEW", "YELLOW")
                .replace("TEMPLATE_ID", "1001")
                .replace("TEMPLATE_NAME", "order_update")
                .replace("TEMPLATE_LANGUAGE", "en_US"),
            account.appSecret(),
            200);

    assertThat(quality.get("outcomes").toString()).isEqualTo("[\"recorded\"]");
    assertThat(template(account, "order_update", "en_US").get("quality_score").asString())
        .isEqualTo("YELLOW");
    assertThat(template(other, "order_update", "en_US").get("quality_score").asString())
        .isEqualTo("GREEN");

    String foreign =
        statusBody(
            other.wabaId(), "DISABLED", "1001", "order_update", Instant.now().getEpochSecond());
    deliver(other, foreign, account.appSecret(), 401);
    assertThat(template(other, "order_update", "en_US").get("status").asString())
        .isEqualTo("APPROVED");
    assertThat(GRAPH.received()).isNotEmpty();
  }

  @Test
  void givenASandboxChannel_whenAFlowSendsAnImportedTemplate_theOutboxShowsItsRenderedText() {
    Account account = account();
    sync(account);
    String sandbox = digits();
    Http.Response channel =
        account
            .http()
            .post(
                "/chat-flow/channels/",
                "{\"phone_number_id\": \"%s\", \"mode\": \"sandbox\"}".formatted(sandbox));
    assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    String order = template(account, "order_update", "en_US").get("id").asString();
    String notice = template(account, "shipping_notice", "en_US").get("id").asString();
    String flow = flow(account, order, notice);
    String contact = digits();
    Http.Response started =
        account
            .http()
            .post(
                "/chat-flow/flows/" + flow + "/start",
                "{\"contact\": \"%s\", \"channel\": \"%s\"}".formatted(contact, sandbox));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    await(
        account,
        started.json().get("id").asString(),
        c -> c.get("status").asString().equals("waiting"));

    JsonNode outbox = account.http().get("/chat-flow/outbox/?contact=" + contact).json();

    assertThat(outbox.get("results")).hasSize(1);
    JsonNode sent = outbox.get("results").get(0);
    assertThat(sent.get("rendered_text").asString())
        .isEqualTo("Order A-17\n\nHi Ada, your order A-17 ships today.\n\nReply STOP to opt out");
    assertThat(sent.get("body_parameters").toString()).isEqualTo("[\"Ada\",\"A-17\"]");
    assertThat(GRAPH.sendsTo(contact)).as("a sandbox sends nothing").isEmpty();
  }

  private static List<String> problemCodes(Account account, String flow) {
    Http.Response got = account.http().get("/chat-flow/flows/" + flow + "/");
    assertThat(got.status()).as(got.body()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    got.json().get("errors").forEach(p -> codes.add(p.get("code").asString()));
    return codes;
  }

  private static String flow(Account account, String order, String notice) {
    Http.Response created = account.http().post("/chat-flow/flows/", flowBody(order, notice));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static String flowBody(String order, String notice) {
    return """
                {"name": "Orders", "is_active": true, "start_template": "%1$s", "flow_data": {
                 "nodes": [
                  {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
                   "data": {"template_id": "%1$s",
                            "parameters": {"header": ["A-17"], "body": ["Ada", "A-17"]}}},
                  {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
                   "data": {"template_id": "%2$s", "parameters": {"body": ["A-17"]}}},
                  {"id": "node-3", "type": "action", "position": {"x": 600, "y": 0},
                   "data": {"action": "tag", "tags": ["undeliverable"]}}],
                 "edges": [
                  {"id": "edge-1", "source": "node-1", "target": "node-2",
                   "data": {"trigger": "text_reply", "trigger_value": ""}},
                  {"id": "edge-2", "source": "node-2", "target": "node-3",
                   "data": {"trigger": "delivery_failed"}}]}}
                """
        .formatted(order, notice);
  }

  private static String start(Account account, String flow, String contact) {
    Http.Response started =
        account
            .http()
            .post(
                "/chat-flow/flows/" + flow + "/start",
                "{\"contact\": \"%s\", \"channel\": \"%s\"}"
                    .formatted(contact, account.phoneNumberId()));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("id").asString();
  }

  private void reply(Account account, String contact) {
    deliver(
        account,
        WebhookBodies.text(account.phoneNumberId(), contact, "wamid.in-" + UUID.randomUUID(), "ok"),
        account.appSecret(),
        200);
  }

  private JsonNode statusWebhook(
      Account account, String event, String id, String name, long secondsAfterStart) {
    return deliver(
        account,
        statusBody(account.wabaId(), event, id, name, T0 + secondsAfterStart),
        account.appSecret(),
        200);
  }

  private static String statusBody(String wabaId, String event, String id, String name, long time) {
    return Fixtures.sample("whatsapp-webhook-template-status-update.json")
        .replace("WABA_ID", wabaId)
        .replace("EVENT_TIME", Long.toString(time))
        .replace("\"EVENT\"", "\"" + event + "\"")
        .replace("TEMPLATE_ID", id)
        .replace("TEMPLATE_NAME", name)
        .replace("TEMPLATE_LANGUAGE", "en_US")
        .replace("REASON", event.equals("APPROVED") ? "NONE" : "LOW_QUALITY");
  }

  private JsonNode deliver(Account account, String body, String appSecret, int status) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Http.Response delivered =
        new Http(port, null)
            .post(
                "/webhooks/whatsapp/",
                bytes,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Hub-Signature-256",
                    Signatures.sign(appSecret, bytes)));
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(status);
    return delivered.json();
  }

  private static JsonNode await(Account account, String id, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Http.Response got = account.http().get("/chat-flow/conversations/" + id + "/");
      last = got.json();
      if (got.status() == 200 && condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("conversation " + id + " never got there: " + last);
  }

  private Http newWorkspaceHttp() {
    Http.Response created =
        new Http(port, AccessControlTest.ADMIN_TOKEN)
            .post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    return new Http(port, created.json().get("token").asString());
  }

  private record GraphCall(String query) {}

  private static List<GraphCall> listings(String wabaId) {
    return GRAPH.listingsOf(wabaId).stream().map(r -> new GraphCall(r.query())).toList();
  }
}
