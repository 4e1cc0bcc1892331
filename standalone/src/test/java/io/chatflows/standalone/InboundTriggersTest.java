package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Inbound triggers over real HTTP: signed webhooks in Cloud API shapes start flows whose first
 * message reaches the Graph API stand-in; a keyword starts its flow once however often the message
 * is delivered; an interrupting keyword replaces a conversation in progress while any other text
 * goes to it; a catch-all answers a contact without a conversation; a keyword or catch-all that
 * another active trigger claims is refused with 409; one workspace's triggers never fire for
 * another's channel; bad input is a problem naming the field.
 */
@Timeout(120)
@TestPropertySource(properties = "chatflow.bootstrap.admin-token=" + InboundTriggersTest.ADMIN)
class InboundTriggersTest extends CloudApiTestBase {

  static final String ADMIN = "triggers-admin-token";

  private final List<String> created = new ArrayList<>();

  /** Triggers live in the shared default workspace: none outlives its test. */
  @AfterEach
  void deleteTriggers() {
    for (String id : created) {
      scenario.http().delete("/chat-flow/triggers/" + id + "/");
    }
  }

  @Test
  void
      givenAKeywordTrigger_whenANewContactWritesItInAnotherCaseAndWithoutAccents_itStartsTheFlow() {
    Flow flow = scenario.textFlow();
    String keyword = unique("Hola Menú");
    trigger(flow.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);
    String contact = newContact();
    String body =
        WebhookBodies.text(
            PHONE_NUMBER_ID, contact, newMessageId(), "  " + plain(keyword).toUpperCase() + " ");

    assertThat(outcome(scenario.webhook(body))).isEqualTo("started");
    assertThat(outcome(scenario.webhook(body))).isEqualTo("duplicate");

    List<JsonNode> conversations = scenario.conversationsOf(contact);
    assertThat(conversations).hasSize(1);
    assertThat(conversations.get(0).get("flow").asString()).isEqualTo(flow.id());
    scenario.awaitWaitingOnFirstMessage(conversations.get(0).get("id").asString());
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_question");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
  }

  /**
   * The contact's message opens the 24-hour window before the conversation it starts reads it: a
   * session message right after the flow's first template is sent (the bridge records the message
   * on the contact before it starts a flow, and only after the signal when a running conversation
   * takes it).
   */
  @Test
  void givenAKeywordFlowWithASessionMessageAfterItsTemplate_whenANewContactWritesIt_itIsSent() {
    String startTemplate = scenario.template("session_opener", List.of());
    Flow flow =
        scenario.flow(
            startTemplate,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%s"}},
              {"id": "node-2", "type": "buttons", "position": {"x": 300, "y": 0},
               "data": {"body": "How can we help?",
                        "buttons": [{"id": "orders", "title": "My orders"}]}},
              {"id": "node-3", "type": "action", "position": {"x": 600, "y": 0},
               "data": {"action": "end"}},
              {"id": "node-4", "type": "action", "position": {"x": 600, "y": 200},
               "data": {"action": "end"}}],
            "edges": [
              {"id": "edge-1", "source": "node-1", "target": "node-2",
               "data": {"trigger": "default"}},
              {"id": "edge-2", "source": "node-2", "target": "node-3",
               "data": {"trigger": "button_reply", "trigger_value": "orders"}},
              {"id": "edge-3", "source": "node-2", "target": "node-4",
               "data": {"trigger": "window_closed"}}]
            """
                .formatted(startTemplate));
    String keyword = unique("ayuda");
    trigger(flow.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);
    String contact = newContact();

    // Written now (the sample's timestamp is long past: its window is closed).
    ObjectNode body =
        (ObjectNode)
            Http.JSON.readTree(
                WebhookBodies.text(PHONE_NUMBER_ID, contact, newMessageId(), keyword));
    ((ObjectNode) body.at("/entry/0/changes/0/value/messages/0"))
        .put("timestamp", Long.toString(System.currentTimeMillis() / 1000));

    assertThat(outcome(scenario.webhook(Http.JSON.writeValueAsString(body)))).isEqualTo("started");

    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("session_opener");
    JsonNode sent = Http.JSON.readTree(scenario.awaitSendTo(contact).body());
    assertThat(sent.get("type").asString()).isEqualTo("interactive");
    assertThat(sent.get("interactive").get("body").get("text").asString())
        .isEqualTo("How can we help?");
  }

  @Test
  void givenAContainsAndARegexTrigger_whenTheTextHasThem_theyStartTheirFlowsButNotInsideWords() {
    Flow contains = scenario.textFlow();
    Flow regex = scenario.textFlow();
    String word = unique("pedido");
    trigger(contains.id(), "keyword", "[\"" + word + "\"]", "contains", 0, false);
    String code = "zq" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    trigger(regex.id(), "keyword", "[\"^" + code + "\\\\s*#?\\\\d+$\"]", "regex", 0, false);

    String first = newContact();
    assertThat(text(first, "quiero ver mi " + word.toUpperCase() + ", gracias"))
        .isEqualTo("started");
    assertThat(scenario.conversationsOf(first).get(0).get("flow").asString())
        .isEqualTo(contains.id());
    String second = newContact();
    assertThat(text(second, code.toUpperCase() + " #4412")).isEqualTo("started");
    assertThat(scenario.conversationsOf(second).get(0).get("flow").asString())
        .isEqualTo(regex.id());
    assertThat(text(newContact(), "mis " + word + "s")).isEqualTo("no_conversation");
  }

  @Test
  void givenAnInterruptingKeyword_whenAContactInAConversationWritesIt_itRestartsWithItsFlow() {
    Flow running = scenario.textFlow();
    Flow menu = scenario.buttonFlow();
    String keyword = unique("menu");
    trigger(menu.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, true);
    String contact = newContact();
    String first = scenario.start(running, contact, null);
    scenario.awaitWaitingOnFirstMessage(first);
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_question");

    assertThat(text(contact, keyword.toUpperCase())).isEqualTo("started");

    assertThat(scenario.awaitStatus(first, "cancelled").get("steps").toString())
        .doesNotContain(keyword);
    JsonNode replacement = scenario.conversationsOf(contact).get(0);
    assertThat(replacement.get("flow").asString()).isEqualTo(menu.id());
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("bridge_welcome");
  }

  @Test
  void givenAKeywordThatDoesNotInterrupt_whenAContactInAConversationWritesIt_itIsTheirReply() {
    Flow running = scenario.textFlow();
    Flow other = scenario.buttonFlow();
    String keyword = unique("agenda");
    trigger(other.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);
    String contact = newContact();
    String first = scenario.start(running, contact, null);
    scenario.awaitWaitingOnFirstMessage(first);

    assertThat(text(contact, keyword)).isEqualTo("signalled");

    JsonNode done = scenario.awaitStatus(first, "completed");
    assertThat(done.get("steps").get(2).get("detail").asString()).isEqualTo(keyword);
    assertThat(scenario.conversationsOf(contact)).hasSize(1);
  }

  @Test
  void givenACatchAllAndAKeyword_whenNewContactsWrite_theKeywordWinsAndAnythingElseIsCaught() {
    Flow catchAll = scenario.textFlow();
    Flow keywordFlow = scenario.buttonFlow();
    trigger(catchAll.id(), "catch_all", null, null, 0, false);
    String keyword = unique("precios");
    trigger(keywordFlow.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);

    String keywordContact = newContact();
    assertThat(text(keywordContact, keyword)).isEqualTo("started");
    assertThat(scenario.conversationsOf(keywordContact).get(0).get("flow").asString())
        .isEqualTo(keywordFlow.id());
    String other = newContact();
    assertThat(text(other, "good morning")).isEqualTo("started");
    assertThat(scenario.conversationsOf(other).get(0).get("flow").asString())
        .isEqualTo(catchAll.id());
    assertThat(templateName(scenario.awaitSendTo(other))).isEqualTo("bridge_question");
  }

  /**
   * The active triggers every message reads are cached per workspace; a trigger created or deleted
   * through the API applies to the very next message.
   */
  @Test
  void givenAKeywordCreatedThenDeletedThroughTheApi_whenItArrivesRightAfterEach_itFollowsAtOnce() {
    Flow flow = scenario.textFlow();
    String keyword = unique("horario");
    assertThat(text(newContact(), keyword)).isEqualTo("no_conversation");

    JsonNode trigger = trigger(flow.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);
    assertThat(text(newContact(), keyword)).isEqualTo("started");

    Http.Response deleted =
        scenario.http().delete("/chat-flow/triggers/" + trigger.get("id").asString() + "/");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
    assertThat(text(newContact(), keyword)).isEqualTo("no_conversation");
  }

  @Test
  void givenATriggerOfAnInactiveFlow_whenItsKeywordArrives_itDoesNotFireAndTheApiSaysSo() {
    Flow flow = scenario.textFlow();
    Http.Response deactivated =
        scenario.http().patch("/chat-flow/flows/" + flow.id() + "/", "{\"is_active\": false}");
    assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(200);
    String keyword = unique("dormant");
    JsonNode trigger = trigger(flow.id(), "keyword", "[\"" + keyword + "\"]", "exact", 0, false);

    assertThat(trigger.get("is_active").asBoolean()).isTrue();
    assertThat(trigger.get("fires").asBoolean()).isFalse();
    assertThat(text(newContact(), keyword)).isEqualTo("no_conversation");
  }

  @Test
  void givenAnActiveTrigger_whenAnotherClaimsTheSameKeywordOrCatchAll_itIsRefusedWith409() {
    Flow flow = scenario.textFlow();
    Flow other = scenario.textFlow();
    String keyword = unique("Soporte");
    String first =
        trigger(flow.id(), "keyword", "[\"x\", \"" + keyword + "\"]", "exact", 5, false)
            .get("id")
            .asString();

    Http.Response clash =
        post(
            other.id(), "keyword", "[\"" + plain(keyword).toLowerCase() + "\"]", "exact", 5, false);
    assertThat(clash.status()).as(clash.body()).isEqualTo(409);
    assertThat(clash.contentType()).startsWith("application/problem+json");
    assertThat(clash.json().get("code").asString()).isEqualTo("trigger_conflict");
    assertThat(clash.json().get("field").asString()).isEqualTo("keywords");
    assertThat(clash.json().get("errors").get(0).get("trigger").asString()).isEqualTo(first);

    assertThat(post(other.id(), "keyword", "[\"" + keyword + "\"]", "contains", 5, false).status())
        .isEqualTo(201);
    track(post(other.id(), "keyword", "[\"" + keyword + "\"]", "exact", 6, false));
    String inactive =
        track(
                scenario
                    .http()
                    .post(
                        "/chat-flow/triggers/",
                        body(other.id(), "keyword", "[\"" + keyword + "\"]", "exact", 5, false)
                            .replace("}", ", \"is_active\": false}")))
            .get("id")
            .asString();
    Http.Response activated =
        scenario
            .http()
            .put(
                "/chat-flow/triggers/" + inactive + "/",
                body(other.id(), "keyword", "[\"" + keyword + "\"]", "exact", 5, false));
    assertThat(activated.status()).as(activated.body()).isEqualTo(409);

    trigger(flow.id(), "catch_all", null, null, 0, false);
    Http.Response secondCatchAll = post(other.id(), "catch_all", null, null, 0, false);
    assertThat(secondCatchAll.status()).as(secondCatchAll.body()).isEqualTo(409);
    assertThat(secondCatchAll.json().get("code").asString()).isEqualTo("trigger_conflict");
  }

  @Test
  void givenAnotherWorkspacesTriggers_whenAContactWritesTheirKeywordOnOurChannel_nothingStarts() {
    Http admin = new Http(port, ADMIN);
    Http.Response workspace =
        admin.post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
    Http theirs = new Http(port, workspace.json().get("token").asString());
    String template =
        theirs
            .post("/chat-flow/templates/", Fixtures.welcomeTemplate())
            .json()
            .get("id")
            .asString();
    String orderStatus =
        theirs
            .post("/chat-flow/templates/", Fixtures.orderStatusTemplate())
            .json()
            .get("id")
            .asString();
    String theirFlow =
        theirs
            .post("/chat-flow/flows/", Fixtures.welcomeFlow(template, orderStatus))
            .json()
            .get("id")
            .asString();
    String keyword = unique("foreign");
    Http.Response keywordTrigger =
        theirs.post(
            "/chat-flow/triggers/",
            body(theirFlow, "keyword", "[\"" + keyword + "\"]", "exact", 0, true));
    assertThat(keywordTrigger.status()).as(keywordTrigger.body()).isEqualTo(201);
    Http.Response catchAll =
        theirs.post("/chat-flow/triggers/", body(theirFlow, "catch_all", null, null, 0, false));
    assertThat(catchAll.status()).as(catchAll.body()).isEqualTo(201);
    Http.Response ourChannel =
        theirs.post(
            "/chat-flow/triggers/",
            body(theirFlow, "catch_all", null, null, 0, false)
                .replace("}", ", \"channel\": \"" + PHONE_NUMBER_ID + "\"}"));
    assertThat(ourChannel.status()).as(ourChannel.body()).isEqualTo(400);
    assertThat(ourChannel.json().get("field").asString()).isEqualTo("channel");
    Http.Response ourFlow =
        theirs.post(
            "/chat-flow/triggers/",
            body(scenario.textFlow().id(), "catch_all", null, null, 0, false));
    assertThat(ourFlow.status()).as(ourFlow.body()).isEqualTo(400);
    assertThat(ourFlow.json().get("field").asString()).isEqualTo("flow");

    String contact = newContact();
    assertThat(text(contact, keyword)).isEqualTo("no_conversation");
    assertThat(scenario.conversationsOf(contact)).isEmpty();
    assertThat(
            scenario
                .http()
                .get("/chat-flow/triggers/" + catchAll.json().get("id").asString() + "/")
                .status())
        .isEqualTo(404);
  }

  @Test
  void givenAnActiveFlowWithAStartTemplate_whenAnotherFlowIsActivatedWithIt_itIsRefusedWith409() {
    String template = scenario.template("claimed_start", List.of());
    String graph =
        ("{\"nodes\": [{\"id\": \"node-1\", \"type\": \"template\", \"position\": {\"x\": 0,"
                + " \"y\": 0}, \"data\": {\"template_id\": \"%s\"}}], \"edges\": []}")
            .formatted(template);
    String active =
        "{\"name\": \"%s\", \"is_active\": true, \"start_template\": \"%s\", \"flow_data\": %s}";
    Http.Response first =
        scenario.http().post("/chat-flow/flows/", active.formatted("A", template, graph));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    String firstId = first.json().get("id").asString();

    Http.Response second =
        scenario.http().post("/chat-flow/flows/", active.formatted("B", template, graph));
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    assertThat(second.json().get("code").asString()).isEqualTo("start_template_claimed");
    assertThat(second.json().get("field").asString()).isEqualTo("start_template");
    assertThat(second.json().get("detail").asString()).contains(firstId);

    Http.Response draft =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                active
                    .formatted("B", template, graph)
                    .replace("\"is_active\": true", "\"is_active\": false"));
    assertThat(draft.status()).as(draft.body()).isEqualTo(201);
    String draftPath = "/chat-flow/flows/" + draft.json().get("id").asString() + "/";
    assertThat(scenario.http().patch(draftPath, "{\"is_active\": true}").status()).isEqualTo(409);
    assertThat(
            scenario
                .http()
                .patch("/chat-flow/flows/" + firstId + "/", "{\"is_active\": false}")
                .status())
        .isEqualTo(200);
    Http.Response activated = scenario.http().patch(draftPath, "{\"is_active\": true}");
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);
  }

  @Test
  void givenBadTriggers_whenSaved_eachIsA400ProblemNamingTheField() {
    Flow flow = scenario.textFlow();
    assertProblem(body(flow.id(), "keyword", "[\"(unclosed\"]", "regex", 0, false), "keywords[0]");
    assertProblem(body(flow.id(), "keyword", "[]", "exact", 0, false), "keywords");
    assertProblem(body(flow.id(), "keyword", "[\"a\", \"A\"]", "exact", 0, false), "keywords[1]");
    assertProblem(body(flow.id(), "keyword", "[\"   \"]", "exact", 0, false), "keywords[0]");
    assertProblem(
        body(flow.id(), "keyword", "[\"" + "x".repeat(65) + "\"]", "exact", 0, false),
        "keywords[0]");
    assertProblem(body(flow.id(), "keyword", "[\"ok\"]", "fuzzy", 0, false), "match");
    assertProblem(body(flow.id(), "keyword", "[\"ok\"]", "exact", 1_001, false), "priority");
    assertProblem(body(flow.id(), "sometimes", "[\"ok\"]", "exact", 0, false), "type");
    assertProblem(body("no-such-flow", "keyword", "[\"ok\"]", "exact", 0, false), "flow");
    assertProblem(body(flow.id(), "catch_all", "[\"ok\"]", null, 0, false), "keywords");
    assertProblem(
        body(flow.id(), "keyword", "[\"ok\"]", "exact", 0, false)
            .replace("}", ", \"channel\": \"999000111\"}"),
        "channel");
  }

  private void assertProblem(String body, String field) {
    Http.Response response = scenario.http().post("/chat-flow/triggers/", body);
    assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
  }

  private String text(String contact, String text) {
    return outcome(
        scenario.webhook(WebhookBodies.text(PHONE_NUMBER_ID, contact, newMessageId(), text)));
  }

  private static String outcome(Http.Response delivered) {
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    return delivered.json().get("outcomes").get(0).asString();
  }

  private JsonNode trigger(
      String flow, String type, String keywords, String match, int priority, boolean interrupt) {
    Http.Response response = post(flow, type, keywords, match, priority, interrupt);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return track(response);
  }

  private Http.Response post(
      String flow, String type, String keywords, String match, int priority, boolean interrupt) {
    Http.Response response =
        scenario
            .http()
            .post("/chat-flow/triggers/", body(flow, type, keywords, match, priority, interrupt));
    if (response.status() == 201) {
      track(response);
    }
    return response;
  }

  private JsonNode track(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    String id = response.json().get("id").asString();
    if (!created.contains(id)) {
      created.add(id);
    }
    return response.json();
  }

  private static String body(
      String flow, String type, String keywords, String match, int priority, boolean interrupt) {
    return ("{\"flow\": \"%s\", \"type\": \"%s\"%s%s, \"priority\": %d, \"interrupt\": %s}")
        .formatted(
            flow,
            type,
            keywords == null ? "" : ", \"keywords\": " + keywords,
            match == null ? "" : ", \"match\": \"" + match + "\"",
            priority,
            interrupt);
  }

  /** A keyword no other test uses, so triggers never meet across tests. */
  private static String unique(String word) {
    return word + " " + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  /** The keyword without accents, as a contact might type it. */
  private static String plain(String keyword) {
    return java.text.Normalizer.normalize(keyword, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "");
  }
}
