package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Migrating running conversations between flow versions and rescuing them in bulk, over real HTTP
 * with signed webhooks and a Graph API stand-in: the dry run's table, the migration job after which
 * a click follows the new version, bulk move, restart and cancel with their progress and the token
 * that asked, workspace isolation and bad input.
 */
@Timeout(120)
@TestPropertySource(
    properties = "chatflow.bootstrap.admin-token=" + ConversationMigrationTest.ADMIN)
class ConversationMigrationTest extends CloudApiTestBase {

  static final String ADMIN = "migration-admin-token";

  /** A conversation waiting for the contact, with the message it waits on. */
  private record Waiting(
      String id, String contact, String messageId, GraphApiStandIn.Received sent) {}

  /**
   * Version 1: node-1 (welcome: "Track Order" → node-2, "Talk to an agent" → node-3), node-2 (ask:
   * "Yes" → node-3), node-3 (done v1). Returns the flow id.
   */
  private String flowVersionOne() {
    String welcome = scenario.template("mig_welcome", List.of("Track Order", "Talk to an agent"));
    String ask = scenario.template("mig_ask", List.of("Yes", "No"));
    String done = scenario.template("mig_done_v1", List.of());
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                flowBody(
                    welcome,
                    """
                    {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
                     "data": {"template_id": "%s"}},
                    {"id": "node-3", "type": "template", "position": {"x": 600, "y": 0},
                     "data": {"template_id": "%s"}}
                    """
                        .formatted(ask, done),
                    "node-2",
                    "node-3"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  /**
   * Version 2, published: node-2 and node-3 are gone; node-1's buttons lead to node-5 (ask: "Yes" →
   * node-6) and node-6 (done v2).
   */
  private void publishVersionTwo(String flow) {
    JsonNode v1 = ok(scenario.http().get("/chat-flow/flows/" + flow + "/versions/1/"));
    String welcome = v1.get("start_template").asString();
    String ask = scenario.template("mig_ask", List.of("Yes", "No"));
    String done = scenario.template("mig_done_v2", List.of());
    ok(
        scenario
            .http()
            .put(
                "/chat-flow/flows/" + flow + "/",
                flowBody(
                    welcome,
                    """
                    {"id": "node-5", "type": "template", "position": {"x": 300, "y": 0},
                     "data": {"template_id": "%s"}},
                    {"id": "node-6", "type": "template", "position": {"x": 600, "y": 0},
                     "data": {"template_id": "%s"}}
                    """
                        .formatted(ask, done),
                    "node-5",
                    "node-6")));
    JsonNode published = ok(scenario.http().post("/chat-flow/flows/" + flow + "/publish/", ""));
    assertThat(published.get("published_version").asInt()).isEqualTo(2);
  }

  private static String flowBody(String welcome, String nodes, String ask, String done) {
    return """
        {"name": "Migrated flow", "is_active": true, "start_template": "%1$s",
         "flow_data": {"nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%1$s"}},
          %2$s],
         "edges": [
          {"id": "edge-1", "source": "node-1", "target": "%3$s", "label": "Button: Track Order"},
          {"id": "edge-2", "source": "node-1", "target": "%4$s",
           "label": "Button: Talk to an agent"},
          {"id": "edge-3", "source": "%3$s", "target": "%4$s", "label": "Button: Yes"}]}}
        """
        .formatted(welcome, nodes, ask, done);
  }

  private Waiting startWaiting(String flow) {
    String contact = newContact();
    String id = scenario.start(new BridgeScenario.Flow(flow, null), contact, null);
    String messageId = scenario.awaitWaitingOnFirstMessage(id);
    return new Waiting(id, contact, messageId, scenario.awaitSendTo(contact));
  }

  /** Clicks button {@code index} ({@code text}) of the message the conversation waits on. */
  private void click(Waiting waiting, String messageId, GraphApiStandIn.Received sent, int index) {
    JsonNode template = Http.JSON.readTree(sent.body()).get("template");
    String payload = null;
    String text = null;
    for (JsonNode component : template.get("components")) {
      if ("button".equals(component.path("type").asString())
          && component.get("index").asInt() == index) {
        payload = component.get("parameters").get(0).get("payload").asString();
      }
    }
    text = index == 0 ? "Track Order" : "Talk to an agent";
    if (templateName(sent).equals("mig_ask")) {
      text = index == 0 ? "Yes" : "No";
    }
    assertThat(payload).as(sent.body()).isNotNull();
    Http.Response clicked =
        scenario.webhook(
            WebhookBodies.button(
                PHONE_NUMBER_ID, waiting.contact(), newMessageId(), messageId, text, payload));
    assertThat(clicked.status()).as(clicked.body()).isEqualTo(200);
  }

  private JsonNode awaitJob(Http http, String jobId) {
    Instant deadline = Instant.now().plus(BridgeScenario.WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = ok(http.get("/chat-flow/jobs/" + jobId + "/"));
      if (last.get("status").asString().equals("completed")) {
        return last;
      }
      Waits.pause(Duration.ofMillis(100));
    }
    throw new AssertionError("job did not complete: " + last);
  }

  private static JsonNode ok(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode accepted(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return response.json();
  }

  private static JsonNode json(String text) {
    return Http.JSON.readTree(text);
  }

  /** The id a record keeps for a token: the first 12 hex digits of its SHA-256 hash. */
  private static String tokenId(String token) {
    return io.chatflows.api.security.Tokens.hash(token).substring(0, 12);
  }

  private static JsonNode assertProblem(Http.Response response, int status, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
    }
    return response.json();
  }

  @Test
  void givenConversationsWaitingOnVersionOne_whenMigrated_theDryRunCountsThemAndClicksFollowTwo() {
    String flow = flowVersionOne();
    List<Waiting> atWelcome = List.of(startWaiting(flow), startWaiting(flow), startWaiting(flow));
    Waiting atAsk = startWaiting(flow);
    click(atAsk, atAsk.messageId(), atAsk.sent(), 0);
    JsonNode asking =
        scenario.awaitConversation(
            atAsk.id(),
            c ->
                c.get("current_node").asString().equals("node-2")
                    && c.get("status").asString().equals("waiting"));
    String askMessage = BridgeScenario.sent(asking).get(1);
    GraphApiStandIn.Received askSent = scenario.awaitSendTo(atAsk.contact());
    publishVersionTwo(flow);
    String path = "/chat-flow/flows/" + flow + "/migrations/";

    JsonNode dryRun =
        ok(scenario.http().post(path + "dry-run/", "{\"from_version\": 1, \"to_version\": 2}"));

    assertThat(dryRun)
        .isEqualTo(
            json(
                """
                {"from_version": 1, "to_version": 2, "total": 4, "waiting": 4, "mid_step": 0,
                 "no_target": 1,
                 "nodes": [
                   {"node": "node-1", "waiting": 3, "mid_step": 0, "target": "node-1",
                    "no_target": false},
                   {"node": "node-2", "waiting": 1, "mid_step": 0, "target": null,
                    "no_target": true}]}
                """));
    JsonNode mapped =
        ok(
            scenario
                .http()
                .post(
                    path + "dry-run/",
                    "{\"from_version\": 1, \"to_version\": 2, \"mapping\": {\"node-2\": \"node-5\"}}"));
    assertThat(mapped.get("nodes").get(1).get("target").asString()).isEqualTo("node-5");
    assertThat(mapped.get("no_target").asInt()).isZero();

    JsonNode job = accepted(scenario.http().post(path, "{\"from_version\": 1, \"to_version\": 2}"));
    JsonNode finished = awaitJob(scenario.http(), job.get("id").asString());

    assertThat(finished.get("kind").asString()).isEqualTo("migrate");
    assertThat(finished.get("total").asInt()).isEqualTo(4);
    assertThat(finished.get("done").asInt()).isEqualTo(3);
    assertThat(finished.get("skipped").asInt()).isEqualTo(1);
    assertThat(finished.get("failed").asInt()).isZero();
    assertThat(finished.get("skips"))
        .isEqualTo(
            json(
                "[{\"conversation\": \"%s\", \"reason\": \"no_target: node node-2\"}]"
                    .formatted(atAsk.id())));
    assertThat(finished.get("requested_by").get("token_id").asString())
        .isEqualTo(tokenId(Fixtures.TOKEN));
    for (Waiting waiting : atWelcome) {
      JsonNode migrated =
          scenario.awaitConversation(waiting.id(), c -> c.get("flow_version").asInt() == 2);
      assertThat(migrated.get("status").asString()).isEqualTo("waiting");
      assertThat(migrated.get("current_node").asString()).isEqualTo("node-1");
      assertThat(steps(migrated)).endsWith("resumed:node-1");
      assertThat(scenario.remainingSendsTo(waiting.contact())).as("nothing sent again").isEmpty();
    }
    assertThat(scenario.conversation(atAsk.id()).get("flow_version").asInt()).isEqualTo(1);

    for (Waiting waiting : atWelcome) {
      click(waiting, waiting.messageId(), waiting.sent(), 1);
    }
    for (Waiting waiting : atWelcome) {
      scenario.awaitStatus(waiting.id(), "completed");
      assertThat(templateName(scenario.awaitSendTo(waiting.contact())))
          .as("version 2's edge")
          .isEqualTo("mig_done_v2");
    }
    click(atAsk, askMessage, askSent, 0);
    scenario.awaitStatus(atAsk.id(), "completed");
    assertThat(templateName(scenario.awaitSendTo(atAsk.contact())))
        .as("left on version 1")
        .isEqualTo("mig_done_v1");

    JsonNode jobs = ok(scenario.http().get("/chat-flow/jobs/"));
    assertThat(jobs.get("results").get(0).get("id")).isEqualTo(job.get("id"));
  }

  @Test
  void givenWaitingConversations_whenMovedRestartedAndCancelledInBulk_eachJobDoesItAndSaysWho() {
    String flow = flowVersionOne();
    Waiting first = startWaiting(flow);
    Waiting second = startWaiting(flow);
    Waiting third = startWaiting(flow);
    String bulk = "/chat-flow/conversations/bulk/";

    JsonNode moved =
        accepted(
            scenario
                .http()
                .post(
                    bulk,
                    """
                    {"filter": {"flow": "%s", "ids": ["%s", "%s"]}, "action": "move",
                     "node": "node-2"}
                    """
                        .formatted(flow, first.id(), second.id())));
    JsonNode moveJob = awaitJob(scenario.http(), moved.get("id").asString());
    assertThat(moveJob.get("total").asInt()).isEqualTo(2);
    assertThat(moveJob.get("done").asInt()).isEqualTo(2);
    assertThat(moveJob.get("requested_by").get("token_id").asString())
        .isEqualTo(tokenId(Fixtures.TOKEN));
    assertThat(moveJob.get("request"))
        .isEqualTo(
            json(
                "{\"action\": \"move\", \"filter\": {\"flow\": \"%s\", \"ids\": 2}, \"node\": \"node-2\"}"
                    .formatted(flow)));
    for (Waiting waiting : List.of(first, second)) {
      JsonNode at =
          scenario.awaitConversation(
              waiting.id(),
              c ->
                  c.get("current_node").asString().equals("node-2")
                      && c.get("status").asString().equals("waiting"));
      assertThat(steps(at)).containsSubsequence("resumed:node-2", "message_sent:node-2");
      assertThat(templateName(scenario.awaitSendTo(waiting.contact()))).isEqualTo("mig_ask");
    }
    assertThat(scenario.conversation(third.id()).get("current_node").asString())
        .isEqualTo("node-1");

    JsonNode restarted =
        accepted(
            scenario
                .http()
                .post(
                    bulk,
                    """
                    {"filter": {"flow": "%s", "node": "node-2", "status": "waiting",
                     "contact": "%s"}, "action": "restart"}
                    """
                        .formatted(flow, first.contact())));
    JsonNode restartJob = awaitJob(scenario.http(), restarted.get("id").asString());
    assertThat(restartJob.get("done").asInt()).isEqualTo(1);
    assertThat(restartJob.get("total").asInt()).isEqualTo(1);
    scenario.awaitStatus(first.id(), "cancelled");
    List<JsonNode> ofFirst = scenario.conversationsOf(first.contact());
    assertThat(ofFirst).hasSize(2);
    assertThat(templateName(scenario.awaitSendTo(first.contact())))
        .as("a restart starts at the flow's start")
        .isEqualTo("mig_welcome");

    scenario.awaitConversation(
        ofFirst.get(0).get("id").asString(), c -> c.get("status").asString().equals("waiting"));
    JsonNode cancelled =
        accepted(
            scenario
                .http()
                .post(
                    bulk,
                    "{\"filter\": {\"flow\": \"%s\", \"status\": \"waiting\", \"older_than_seconds\": 0}, \"action\": \"cancel\"}"
                        .formatted(flow)));
    JsonNode cancelJob = awaitJob(scenario.http(), cancelled.get("id").asString());
    assertThat(cancelJob.get("total").asInt()).as("second, third, first's new one").isEqualTo(3);
    assertThat(cancelJob.get("done").asInt()).isEqualTo(3);
    for (String id : List.of(second.id(), third.id(), ofFirst.get(0).get("id").asString())) {
      scenario.awaitStatus(id, "cancelled");
    }
    JsonNode again =
        awaitJob(
            scenario.http(),
            accepted(
                    scenario
                        .http()
                        .post(
                            bulk,
                            "{\"filter\": {\"flow\": \"%s\"}, \"action\": \"cancel\"}"
                                .formatted(flow)))
                .get("id")
                .asString());
    assertThat(again.get("done").asInt()).as("nothing open is left").isZero();
    assertThat(again.get("skipped").asInt()).isEqualTo(again.get("total").asInt());
  }

  @Test
  void givenAnotherWorkspace_whenItAddressesThisOnesFlowAndJobs_itSeesNothing() {
    String flow = flowVersionOne();
    Waiting waiting = startWaiting(flow);
    JsonNode job =
        accepted(
            scenario
                .http()
                .post(
                    "/chat-flow/conversations/bulk/",
                    "{\"filter\": {\"flow\": \"%s\", \"status\": \"completed\"}, \"action\": \"cancel\"}"
                        .formatted(flow)));
    Http other = otherWorkspace();

    assertProblem(
        other.post(
            "/chat-flow/flows/" + flow + "/migrations/dry-run/",
            "{\"from_version\": 1, \"to_version\": 2}"),
        404,
        null);
    assertProblem(
        other.post(
            "/chat-flow/flows/" + flow + "/migrations/",
            "{\"from_version\": 1, \"to_version\": 2}"),
        404,
        null);
    assertProblem(other.get("/chat-flow/jobs/" + job.get("id").asString() + "/"), 404, null);
    assertThat(ok(other.get("/chat-flow/jobs/")).get("count").asInt()).isZero();
    assertProblem(
        other.post(
            "/chat-flow/conversations/bulk/",
            "{\"filter\": {\"flow\": \"%s\"}, \"action\": \"cancel\"}".formatted(flow)),
        400,
        "filter.flow");
    assertThat(scenario.conversation(waiting.id()).get("status").asString()).isEqualTo("waiting");
  }

  @Test
  void givenBadInput_whenMigratingOrActingInBulk_theProblemNamesTheField() {
    String flow = flowVersionOne();
    publishVersionTwo(flow);
    Http http = scenario.http();
    String dryRun = "/chat-flow/flows/" + flow + "/migrations/dry-run/";
    String bulk = "/chat-flow/conversations/bulk/";

    assertProblem(http.post(dryRun, "{\"to_version\": 2}"), 400, "from_version");
    assertProblem(http.post(dryRun, "{\"from_version\": 1, \"to_version\": 9}"), 400, "to_version");
    assertProblem(http.post(dryRun, "{\"from_version\": 2, \"to_version\": 2}"), 400, "to_version");
    assertProblem(
        http.post(
            dryRun,
            "{\"from_version\": 1, \"to_version\": 2, \"mapping\": {\"node-9\": \"node-5\"}}"),
        400,
        "mapping.node-9");
    assertProblem(
        http.post(
            dryRun,
            "{\"from_version\": 1, \"to_version\": 2, \"mapping\": {\"node-2\": \"node-2\"}}"),
        400,
        "mapping.node-2");
    assertProblem(http.post(dryRun, "{\"from_version\": \"one\"}"), 400, null);
    assertProblem(http.post(dryRun, "not json"), 400, null);
    assertProblem(http.post("/chat-flow/flows/nope/migrations/dry-run/", "{}"), 404, null);
    assertProblem(http.post(bulk, "{\"action\": \"cancel\"}"), 400, "filter");
    assertProblem(http.post(bulk, "{\"filter\": {}, \"action\": \"cancel\"}"), 400, "filter.flow");
    String filter = "{\"filter\": {\"flow\": \"%s\"".formatted(flow);
    assertProblem(http.post(bulk, filter + "}, \"action\": \"explode\"}"), 400, "action");
    assertProblem(http.post(bulk, filter + "}}"), 400, "action");
    assertProblem(http.post(bulk, filter + "}, \"action\": \"move\"}"), 400, "node");
    assertProblem(
        http.post(bulk, filter + "}, \"action\": \"move\", \"node\": \"node-9\"}"), 400, "node");
    assertProblem(
        http.post(bulk, filter + "}, \"action\": \"cancel\", \"node\": \"node-2\"}"), 400, "node");
    assertProblem(
        http.post(bulk, filter + ", \"status\": \"asleep\"}, \"action\": \"cancel\"}"),
        400,
        "filter.status");
    assertProblem(
        http.post(bulk, filter + ", \"version\": 7}, \"action\": \"cancel\"}"),
        400,
        "filter.version");
    assertProblem(
        http.post(bulk, filter + ", \"older_than_seconds\": -1}, \"action\": \"cancel\"}"),
        400,
        "filter.older_than_seconds");
    assertProblem(
        http.post(bulk, filter + ", \"contact\": \"abc\"}, \"action\": \"cancel\"}"),
        400,
        "filter.contact");
    assertProblem(
        http.post(bulk, filter + ", \"ids\": []}, \"action\": \"cancel\"}"), 400, "filter.ids");
    assertProblem(http.get("/chat-flow/jobs/" + UUID.randomUUID() + "/"), 404, null);
  }

  private Http otherWorkspace() {
    Http.Response created =
        new Http(port, ADMIN)
            .post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Http(port, created.json().get("token").asString());
  }
}
