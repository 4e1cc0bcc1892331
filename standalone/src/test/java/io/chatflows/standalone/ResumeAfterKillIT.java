package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default survives {@code kill -9}: the packaged app ({@code
 * standalone/target/chat-flows.jar}, run by failsafe after {@code package}) is killed while
 * conversations wait, started again on the same data directory, and each waiting conversation is
 * re-created at its node from the stored projection: the contact's click on a button of the message
 * sent before the kill moves it on, with its variables and tags, and a reply timeout runs out at
 * the deadline set before the kill (once). A conversation in the middle of a step at the kill
 * resumes at the wait before that step: the step's send may reach the contact again.
 */
@DisabledIfSystemProperty(
    named = "chatflow.faults.skip",
    matches = "true",
    disabledReason = "process tests skipped explicitly with -Dchatflow.faults.skip=true")
@Timeout(300)
class ResumeAfterKillIT {

  private static final long TIMEOUT_SECONDS = 60;

  private final Path dataDir = Path.of("target", "resume-data");
  private final GraphApiStandIn graphApi = new GraphApiStandIn();
  private final List<AppProcess> apps = new ArrayList<>();

  private AppProcess start(String name, int port) {
    Map<String, String> env = new HashMap<>();
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("CHATFLOW_EMBEDDED_MONGO_PORT", "0");
    env.put("CHATFLOW_EMBEDDED_TEMPORAL_PORT", "0");
    env.put("CHATFLOW_DATA_DIR", dataDir.toString());
    env.put("CHATFLOW_BOOTSTRAP_TOKEN", Fixtures.TOKEN);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_PHONE_NUMBER_ID", Fixtures.PHONE_NUMBER_ID);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_MODE", "cloud_api");
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_ACCESS_TOKEN", Fixtures.ACCESS_TOKEN);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_APP_SECRET", Fixtures.APP_SECRET);
    env.put("CHATFLOW_WHATSAPP_GRAPH_BASE_URL", graphApi.baseUrl());
    AppProcess app =
        AppProcess.startJar(name, PackagedRestartIT.packagedApp(), port, env)
            .awaitHealthy(FaultTopology.START_TIMEOUT);
    apps.add(app);
    return app;
  }

  @AfterEach
  void stop() throws IOException {
    apps.stream().filter(AppProcess::alive).forEach(AppProcess::kill);
    graphApi.close();
    deleteData();
  }

  private void deleteData() throws IOException {
    if (Files.exists(dataDir)) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void givenWaitingConversations_whenTheAppIsKilledAndStartedAgain_theyGoOnWhereTheyWaited()
      throws IOException {
    deleteData();
    int port = FaultTopology.freePort();
    AppProcess first = start("resume-1", port);
    BridgeScenario scenario = new BridgeScenario(port, graphApi);
    String[] flows = flows(scenario);
    String flow = flows[0];
    String timeoutFlow = flows[1];

    // Waits at node-2 after a click on node-1, which tagged the contact and set a variable.
    String ada = BridgeScenario.newContact();
    String adaId = start(scenario, flow, ada);
    JsonNode welcome = json(scenario.awaitSendTo(ada));
    click(scenario, ada, welcome, scenario.awaitWaitingOnFirstMessage(adaId), 0);
    JsonNode question = json(scenario.awaitSendTo(ada));
    JsonNode adaBefore = scenario.awaitConversation(adaId, c -> waitingAt(c, "node-2"));

    // In the middle of a step at the kill: its click's send is held by the Graph API stand-in.
    String bob = BridgeScenario.newContact();
    String bobId = start(scenario, flow, bob);
    JsonNode bobWelcome = json(scenario.awaitSendTo(bob));
    String bobWelcomeId = scenario.awaitWaitingOnFirstMessage(bobId);
    JsonNode bobBefore = scenario.conversation(bobId);
    GraphApiStandIn.Hold held = graphApi.holdNext(bob);
    click(scenario, bob, bobWelcome, bobWelcomeId, 0);
    held.awaitArrived(BridgeScenario.WAIT);
    JsonNode bobQuestionInFlight = json(scenario.awaitSendTo(bob));

    // Waits on a short reply timeout that runs out while the app is down or soon after.
    String cy = BridgeScenario.newContact();
    String cyId = start(scenario, timeoutFlow, cy);
    scenario.awaitSendTo(cy);
    JsonNode cyBefore = scenario.awaitConversation(cyId, c -> waitingAt(c, "node-1"));
    Instant deadline = Instant.parse(cyBefore.get("wait_deadline").asString());

    first.kill();
    held.release();
    AppProcess second = start("resume-2", port);
    scenario.awaitConversation(adaId, ResumeAfterKillIT::resumed);
    scenario.awaitConversation(bobId, ResumeAfterKillIT::resumed);
    // Killed again right after it resumed them: resumed once more, nothing sent, none duplicated.
    second.kill();
    AppProcess third = start("resume-3", port);
    Instant healthy = Instant.now();
    assertThat(Files.readString(third.log()))
        .contains("resumed 3 conversations")
        .contains("3 waiting again, 0 entering their node, 0 already running, 0 not resumable");

    JsonNode adaAfter = scenario.awaitConversation(adaId, c -> resumedTimes(c) == 2);
    assertThat(adaAfter.get("status").asString()).isEqualTo("waiting");
    assertThat(adaAfter.get("current_node").asString()).isEqualTo("node-2");
    assertThat(BridgeScenario.steps(adaAfter))
        .isEqualTo(
            Stream.concat(
                    BridgeScenario.steps(adaBefore).stream(),
                    Stream.of("resumed:node-2", "resumed:node-2"))
                .toList());
    assertThat(scenario.remainingSendsTo(ada)).as("nothing sent again while resuming").isEmpty();
    assertThat(scenario.conversationsOf(ada)).as("no duplicate conversation").hasSize(1);
    click(scenario, ada, question, BridgeScenario.sent(adaBefore).get(1), 0);
    GraphApiStandIn.Received done = scenario.awaitSendTo(ada);
    assertThat(json(done))
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s",
                 "type": "template",
                 "template": {"name": "resume_done", "language": {"code": "en_US"},
                  "components": [{"type": "body", "parameters": [
                    {"type": "text", "text": "A-42"}, {"type": "text", "text": "Track Order"}]}]}}
                """
                    .formatted(ada)));
    scenario.awaitStatus(adaId, "completed");

    Duration untilDeadline = Duration.between(Instant.now(), deadline.minusSeconds(2));
    if (!untilDeadline.isNegative()) {
      pause(untilDeadline);
    }
    assertThat(scenario.remainingSendsTo(cy)).as("nothing before the deadline").isEmpty();
    GraphApiStandIn.Received timedOut = scenario.awaitSendTo(cy);
    Instant timedOutAt = Instant.now();
    assertThat(BridgeScenario.templateName(timedOut)).isEqualTo("resume_timeout");
    // At the deadline set before the kills, or at once if it passed while the app was down; a new
    // timer of the node's timeout, started by the restarted app, would run out long after.
    Instant due = deadline.isAfter(healthy) ? deadline : healthy;
    assertThat(healthy.plusSeconds(TIMEOUT_SECONDS)).isAfter(due.plusSeconds(10));
    assertThat(timedOutAt)
        .as("the timeout ran out at the deadline set before the kill, not a new one")
        .isAfterOrEqualTo(deadline.minusSeconds(1))
        .isBefore(due.plusSeconds(10));
    scenario.awaitStatus(cyId, "completed");

    JsonNode bobAfter = scenario.awaitConversation(bobId, c -> resumedTimes(c) == 2);
    assertThat(bobAfter.get("status").asString()).isEqualTo("waiting");
    assertThat(bobAfter.get("current_node").asString()).isEqualTo("node-1");
    assertThat(BridgeScenario.steps(bobAfter))
        .as("the step in flight is lost: the conversation waits where the projection last was")
        .isEqualTo(
            Stream.concat(
                    BridgeScenario.steps(bobBefore).stream(),
                    Stream.of("resumed:node-1", "resumed:node-1"))
                .toList());
    click(scenario, bob, bobWelcome, bobWelcomeId, 0);
    JsonNode bobQuestion = json(scenario.awaitSendTo(bob));
    assertThat(bobQuestion)
        .as("the send in flight at the kill goes out again, the same, after the second click")
        .isEqualTo(bobQuestionInFlight);
    assertThat(bobQuestion.get("template").get("name").asString()).isEqualTo("resume_question");
    scenario.awaitConversation(bobId, c -> waitingAt(c, "node-2"));

    pause(Duration.ofSeconds(2));
    assertThat(scenario.remainingSendsTo(ada)).as("nothing sent twice").isEmpty();
    assertThat(scenario.remainingSendsTo(cy)).as("the timeout taken once").isEmpty();
    assertThat(scenario.remainingSendsTo(bob)).isEmpty();
    assertThat(BridgeScenario.steps(scenario.conversation(cyId)))
        .filteredOn(step -> step.startsWith("message_sent:node-3"))
        .hasSize(1);
  }

  /**
   * [0]: node-1 (welcome, buttons "Track Order"/"Talk to an agent") --Track Order--> a1 (tag vip) →
   * a2 (set variable choice to the reply) → node-2 (question, buttons "Yes"/"No") --Yes--> c1
   * (contact tags equal vip) → node-3 (done, with the order and the choice). [1]: node-1 (welcome,
   * 60 s reply timeout) --timeout--> node-3 (timeout template); --Track Order--> node-2 (end).
   */
  private static String[] flows(BridgeScenario scenario) {
    String welcome = scenario.template("resume_welcome", List.of("Track Order", "Talk to agent"));
    String question = scenario.template("resume_question", List.of("Yes", "No"));
    String done = template(scenario, "resume_done", "Order {{1}}, you chose {{2}}");
    String timeout = scenario.template("resume_timeout", List.of());
    String flow =
        flow(
            scenario,
            welcome,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%1$s"}},
              {"id": "a1", "type": "action", "position": {"x": 300, "y": 0},
               "data": {"action": "tag", "tags": ["vip"]}},
              {"id": "a2", "type": "action", "position": {"x": 600, "y": 0},
               "data": {"action": "set_variable", "name": "choice", "value": "{{reply.text}}"}},
              {"id": "node-2", "type": "template", "position": {"x": 900, "y": 0},
               "data": {"template_id": "%2$s"}},
              {"id": "c1", "type": "condition", "position": {"x": 1200, "y": 0},
               "data": {"subject": "tags"}},
              {"id": "node-3", "type": "template", "position": {"x": 1500, "y": 0},
               "data": {"template_id": "%3$s", "parameters":
                 {"body": ["{{variables.order_id}}", "{{variables.choice}}"]}}}],
            "edges": [
              {"id": "e1", "source": "node-1", "target": "a1", "label": "Button: Track Order"},
              {"id": "e2", "source": "a1", "target": "a2"},
              {"id": "e3", "source": "a2", "target": "node-2"},
              {"id": "e4", "source": "node-2", "target": "c1", "label": "Button: Yes"},
              {"id": "e5", "source": "c1", "target": "node-3",
               "data": {"trigger": "condition", "operator": "equals", "trigger_value": "vip"}}]
            """
                .formatted(welcome, question, done));
    String timeoutWelcome = scenario.template("resume_wait", List.of("Track Order"));
    String timeoutFlow =
        flow(
            scenario,
            timeoutWelcome,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%1$s", "timeout_seconds": %3$d}},
              {"id": "node-2", "type": "action", "position": {"x": 300, "y": 200},
               "data": {"action": "end"}},
              {"id": "node-3", "type": "template", "position": {"x": 300, "y": 0},
               "data": {"template_id": "%2$s"}}],
            "edges": [
              {"id": "e1", "source": "node-1", "target": "node-3",
               "data": {"trigger": "timeout"}},
              {"id": "e2", "source": "node-1", "target": "node-2", "label": "Button: Track Order"}]
            """
                .formatted(timeoutWelcome, timeout, TIMEOUT_SECONDS));
    return new String[] {flow, timeoutFlow};
  }

  private static String template(BridgeScenario scenario, String name, String body) {
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/templates/",
                "{\"name\": \"%s\", \"language\": \"en_US\", \"components\": [{\"type\": \"BODY\", \"text\": \"%s\"}]}"
                    .formatted(name, body));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static String flow(BridgeScenario scenario, String startTemplate, String graph) {
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                "{\"name\": \"Resume flow\", \"is_active\": true, \"start_template\": \"%s\", \"flow_data\": {%s}}"
                    .formatted(startTemplate, graph));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asString();
  }

  private static String start(BridgeScenario scenario, String flowId, String contact) {
    Http.Response started =
        scenario
            .http()
            .post(
                "/chat-flow/flows/" + flowId + "/start/",
                "{\"contact\": \"%s\", \"variables\": {\"order_id\": \"A-42\"}}"
                    .formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("id").asString();
  }

  /** The contact's signed click on button {@code index} of the template message {@code sent}. */
  private static void click(
      BridgeScenario scenario, String contact, JsonNode sent, String messageId, int index) {
    JsonNode button = null;
    for (JsonNode component : sent.get("template").get("components")) {
      if ("button".equals(component.get("type").asString())
          && Integer.toString(index).equals(component.get("index").asString())) {
        button = component;
      }
    }
    assertThat(button).as("button %d of %s", index, sent).isNotNull();
    String payload = button.get("parameters").get(0).get("payload").asString();
    String text = index == 0 ? firstButton(sent) : "other";
    Http.Response delivered =
        scenario.webhook(
            WebhookBodies.button(
                Fixtures.PHONE_NUMBER_ID,
                contact,
                BridgeScenario.newMessageId(),
                messageId,
                text,
                payload));
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
  }

  private static String firstButton(JsonNode sent) {
    return switch (sent.get("template").get("name").asString()) {
      case "resume_question" -> "Yes";
      default -> "Track Order";
    };
  }

  /** Its resumed run recorded that it took the conversation up. */
  private static boolean resumed(JsonNode conversation) {
    return resumedTimes(conversation) > 0;
  }

  private static long resumedTimes(JsonNode conversation) {
    return BridgeScenario.steps(conversation).stream()
        .filter(s -> s.startsWith("resumed:"))
        .count();
  }

  private static boolean waitingAt(JsonNode conversation, String node) {
    return conversation.get("status").asString().equals("waiting")
        && node.equals(conversation.get("current_node").asString());
  }

  private static JsonNode json(GraphApiStandIn.Received received) {
    return Http.JSON.readTree(received.body());
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
