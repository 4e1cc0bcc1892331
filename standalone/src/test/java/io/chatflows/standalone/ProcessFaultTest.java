package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.CHAIN_ONCE;
import static io.chatflows.standalone.BridgeScenario.effects;
import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.FaultConversations.count;
import static io.chatflows.standalone.FaultConversations.detail;
import static io.chatflows.standalone.FaultConversations.edgesTaken;
import static io.chatflows.standalone.FaultConversations.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Faults against real processes: the api and the worker run from this build's jars as separate OS
 * processes and reach MongoDB and Temporal through TCP proxies this test switches off (refusing),
 * stalls (hanging) and on; processes are SIGKILLed; the Graph API stand-in answers 429, 500, too
 * late, a permanent error, or holds its answer. Conversations run on {@link
 * BridgeScenario#chainFlow()}, where an event applied twice would show (the node after it waits
 * again), and each scenario counts what it observed (figures) before it asserts. Each scenario
 * starts from a restored topology, so one failure does not fail the next. Skipped only with {@code
 * -Dchatflow.faults.skip=true}.
 */
@DisabledIfSystemProperty(
    named = "chatflow.faults.skip",
    matches = "true",
    disabledReason = "fault tests skipped explicitly with -Dchatflow.faults.skip=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ProcessFaultTest {

  static final String VERIFY_TOKEN = "fault-verify-token";

  /**
   * The worker's Graph API call gives up after this (CHATFLOW_WHATSAPP_TIMEOUT in the topology).
   */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  final FaultFigures figures = new FaultFigures(Path.of("target", "reliability-figures.txt"));

  private final List<String> contacts = new ArrayList<>();
  private FaultTopology topology;
  private BridgeScenario scenario;
  private FaultConversations read;

  @BeforeAll
  void startTopology() {
    topology = new FaultTopology().startApps();
  }

  @AfterAll
  void stopTopology() {
    figures.write();
    if (topology != null) {
      topology.close();
    }
  }

  @BeforeEach
  void restoreTopology() {
    topology.restore();
    scenario = new BridgeScenario(topology.apiPort(), null);
    read = new FaultConversations(scenario, topology.graphApi);
  }

  private String contact() {
    String contact = newContact();
    contacts.add(contact);
    return contact;
  }

  /** A conversation waiting at node-1: its id and the welcome's message id. */
  private record Waiting(String contact, String id, String welcome) {}

  private Waiting waiting(BridgeScenario.Flow flow) {
    String contact = contact();
    String id = scenario.start(flow, contact, null);
    return new Waiting(contact, id, scenario.awaitWaitingOnFirstMessage(id));
  }

  private static String click(Waiting waiting) {
    return WebhookBodies.button(
        Fixtures.PHONE_NUMBER_ID,
        waiting.contact(),
        newMessageId(),
        waiting.welcome(),
        "Track Order",
        "Track Order");
  }

  /** The conversation after its one event and the closing text, checked to have moved once. */
  private void assertMovedOnce(JsonNode done, String trigger, Waiting waiting) {
    assertThat(BridgeScenario.steps(done)).isEqualTo(CHAIN_ONCE);
    assertThat(edgesTaken(done)).containsExactly(trigger, "text_reply");
    assertThat(read.sendsTo(waiting.contact())).hasSize(3);
  }

  @Test
  @Order(1)
  void givenTheWorkerIsKilled_whenClicksArriveAndANewWorkerStarts_itResumesEachConversationOnce() {
    FaultFigures.Scenario fig =
        figures.start("worker SIGKILL: clicks while dead, a timer pending, a send in flight");
    BridgeScenario.Flow flow = scenario.chainFlow();
    BridgeScenario.Flow timeoutFlow = read.timeoutFlow(15);
    List<Waiting> clicked = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clicked.add(waiting(flow));
    }
    Waiting timer = waiting(timeoutFlow);
    // A send in flight: WhatsApp accepted the welcome, the worker has not had the answer yet.
    String inFlight = contact();
    GraphApiStandIn.Hold hold = topology.graphApi.holdNext(inFlight);
    String inFlightId = scenario.start(flow, inFlight, null);
    hold.awaitArrived(Duration.ofSeconds(30));

    topology.worker().kill();
    fig.fault();
    hold.release();
    Map<Waiting, List<String>> answers = new LinkedHashMap<>();
    for (Waiting c : clicked) {
      String body = click(c);
      answers.put(
          c,
          List.of(
              outcomes(scenario.webhook(body)).get(0), outcomes(scenario.webhook(body)).get(0)));
    }
    topology.startWorker();
    // The killed worker's long polls stay open in the Temporal test server until their 60 s poll
    // timeout and hold up the new worker's first calls; a real server drops them at once.
    Duration afterRestart = Duration.ofSeconds(150);

    Map<Waiting, JsonNode> done = new LinkedHashMap<>();
    for (Waiting c : clicked) {
      done.put(c, scenario.close(c.id(), c.contact(), afterRestart));
      fig.event(effects(done.get(c), "Track Order"));
    }
    JsonNode timedOut = read.awaitStatus(timer.id(), "completed", afterRestart);
    fig.event(edgesTaken(timedOut).stream().filter("timeout"::equals).count());
    String resent = scenario.awaitWaitingOnFirstMessage(inFlightId, afterRestart);
    Waiting sending = new Waiting(inFlight, inFlightId, resent);
    assertThat(outcomes(scenario.webhook(click(sending)))).containsExactly("signalled");
    JsonNode sent = scenario.close(inFlightId, inFlight, FaultConversations.WAIT);
    fig.event(effects(sent, "Track Order"));

    for (Waiting c : clicked) {
      assertThat(answers.get(c)).containsExactly("signalled", "duplicate");
      assertMovedOnce(done.get(c), "button_click", c);
    }
    assertThat(count(timedOut, "reply")).isZero();
    assertThat(edgesTaken(timedOut)).containsExactly("timeout");
    assertThat(BridgeScenario.steps(timedOut)).contains("message_sent:node-2");
    assertThat(read.sendsTo(timer.contact())).hasSize(2);
    // The send in flight when the worker died is sent again by the next worker: WhatsApp got the
    // welcome twice (at-least-once, RELIABILITY.md); the conversation recorded one send.
    assertThat(read.sendsTo(inFlight))
        .extracting(BridgeScenario::templateName)
        .containsExactly("bridge_welcome", "bridge_welcome", "bridge_next", "bridge_done");
    assertThat(BridgeScenario.steps(sent)).isEqualTo(CHAIN_ONCE);
  }

  @Test
  @Order(2)
  void givenTemporalIsUnreachable_whenClicksArrive_itAnswers503AndTheRedeliveryTakesEffectOnce() {
    FaultFigures.Scenario fig = figures.start("Temporal unreachable during webhooks");
    BridgeScenario.Flow flow = scenario.chainFlow();
    List<Waiting> clicked = List.of(waiting(flow), waiting(flow));
    Map<Waiting, String> bodies = new LinkedHashMap<>();
    clicked.forEach(c -> bodies.put(c, click(c)));

    List<Http.Response> down = new ArrayList<>();
    List<Duration> took = new ArrayList<>();
    topology.temporalProxy.off();
    fig.fault();
    try {
      for (String body : bodies.values()) {
        Instant posted = Instant.now();
        down.add(scenario.webhook(body));
        took.add(Duration.between(posted, Instant.now()));
      }
    } finally {
      topology.temporalProxy.on();
    }
    Map<Waiting, List<String>> redelivered = new LinkedHashMap<>();
    Map<Waiting, JsonNode> done = new LinkedHashMap<>();
    for (Map.Entry<Waiting, String> b : bodies.entrySet()) {
      redelivered.put(
          b.getKey(),
          List.of(
              outcomes(read.redeliverUntilAcknowledged(b.getValue())).get(0),
              outcomes(scenario.webhook(b.getValue())).get(0)));
      done.put(
          b.getKey(),
          scenario.close(b.getKey().id(), b.getKey().contact(), FaultConversations.WAIT));
      fig.event(effects(done.get(b.getKey()), "Track Order"));
    }

    assertAnswered503(down, took, Duration.ofSeconds(15));
    for (Waiting c : clicked) {
      assertThat(redelivered.get(c)).containsExactly("signalled", "duplicate");
      assertMovedOnce(done.get(c), "button_click", c);
    }
  }

  @Test
  @Order(3)
  void givenTemporalHangs_whenClicksArriveAndAConversationIsStarted_itAnswers503InTime() {
    FaultFigures.Scenario fig = figures.start("Temporal hangs (accepts, never answers)");
    BridgeScenario.Flow flow = scenario.chainFlow();
    Waiting c = waiting(flow);
    String body = click(c);
    String notStarted = contact();

    List<Http.Response> answers = new ArrayList<>();
    List<Duration> took = new ArrayList<>();
    topology.temporalProxy.stall();
    fig.fault();
    try {
      Instant posted = Instant.now();
      answers.add(scenario.webhook(body));
      took.add(Duration.between(posted, Instant.now()));
      posted = Instant.now();
      answers.add(
          scenario
              .http()
              .post(
                  "/chat-flow/flows/" + flow.id() + "/start/",
                  "{\"contact\": \"" + notStarted + "\"}"));
      took.add(Duration.between(posted, Instant.now()));
    } finally {
      topology.temporalProxy.on();
    }
    List<String> redelivered =
        List.of(
            outcomes(read.redeliverUntilAcknowledged(body)).get(0),
            outcomes(scenario.webhook(body)).get(0));
    JsonNode done = scenario.close(c.id(), c.contact(), FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));
    // The refused start's request may still reach Temporal when it answers again (RELIABILITY.md,
    // known gaps): what happened is printed, not asserted.
    System.out.printf(
        "refused start during the Temporal hang: %d sends to the contact, %d conversations listed%n",
        read.sendsTo(notStarted).size(), scenario.conversationsOf(notStarted).size());

    assertAnswered503(answers, took, Duration.ofSeconds(20));
    // The held-back signal may still reach Temporal when it answers again (its cancellation
    // travels behind it): the redelivery then finds the click taken ("duplicate"), else it hands
    // it over ("signalled"). Either way the click moves the conversation once.
    assertThat(redelivered.get(0)).isIn("signalled", "duplicate");
    assertThat(redelivered.get(1)).isEqualTo("duplicate");
    assertMovedOnce(done, "button_click", c);
  }

  @Test
  @Order(4)
  void givenMongoIsUnreachable_whenTheApiIsCalled_itAnswers503AndRecoversByItself() {
    FaultFigures.Scenario fig = figures.start("MongoDB unreachable");
    Waiting c = waiting(scenario.chainFlow());
    String body = click(c);

    List<Http.Response> down = new ArrayList<>();
    List<Duration> took = new ArrayList<>();
    topology.mongoProxy.off();
    fig.fault();
    try {
      Instant asked = Instant.now();
      down.add(scenario.http().get("/chat-flow/flows/"));
      took.add(Duration.between(asked, Instant.now()));
      asked = Instant.now();
      down.add(scenario.webhook(body));
      took.add(Duration.between(asked, Instant.now()));
    } finally {
      topology.mongoProxy.on();
    }
    awaitFlowsListed();
    String redelivered = outcomes(read.redeliverUntilAcknowledged(body)).get(0);
    String again = outcomes(scenario.webhook(body)).get(0);
    JsonNode done = scenario.close(c.id(), c.contact(), FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));

    assertAnswered503(down, took, Duration.ofSeconds(15));
    assertThat(redelivered).isEqualTo("signalled");
    assertThat(again).isEqualTo("duplicate");
    assertMovedOnce(done, "button_click", c);
  }

  @Test
  @Order(5)
  void givenMongoHangs_whenTheApiIsCalled_itAnswers503InTimeAndRecoversByItself() {
    FaultFigures.Scenario fig = figures.start("MongoDB hangs (accepts, never answers)");
    Waiting c = waiting(scenario.chainFlow());
    String body = click(c);

    List<Http.Response> down = new ArrayList<>();
    List<Duration> took = new ArrayList<>();
    topology.mongoProxy.stall();
    fig.fault();
    try {
      Instant asked = Instant.now();
      down.add(scenario.http().get("/chat-flow/flows/"));
      took.add(Duration.between(asked, Instant.now()));
      asked = Instant.now();
      down.add(scenario.webhook(body));
      took.add(Duration.between(asked, Instant.now()));
    } finally {
      topology.mongoProxy.on();
    }
    awaitFlowsListed();
    String redelivered = outcomes(read.redeliverUntilAcknowledged(body)).get(0);
    String again = outcomes(scenario.webhook(body)).get(0);
    JsonNode done = scenario.close(c.id(), c.contact(), FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));

    assertAnswered503(down, took, Duration.ofSeconds(25));
    // The hung attempt's claim may reach MongoDB when it answers again; then the redelivery
    // waits for its lease to end.
    assertThat(redelivered).isEqualTo("signalled");
    assertThat(again).isEqualTo("duplicate");
    assertMovedOnce(done, "button_click", c);
  }

  @Test
  @Order(6)
  void givenTheGraphApiAnswers429And500AndTimesOut_whenATemplateIsSent_itIsSentOnceAfterBackoff() {
    FaultFigures.Scenario fig = figures.start("Graph API 429, 500, timeout, then 200");
    BridgeScenario.Flow flow = scenario.chainFlow();
    String contact = contact();
    topology.graphApi.failNext(
        contact, 429, "{\"error\":{\"code\":130429,\"message\":\"rate limit\"}}");
    topology.graphApi.failNext(contact, 500, "{\"error\":{\"code\":1,\"message\":\"unknown\"}}");
    topology.graphApi.failNextAfter(contact, SEND_TIMEOUT.plusSeconds(1), 500, "{}");
    String id = scenario.start(flow, contact, null);
    Waiting c = new Waiting(contact, id, scenario.awaitWaitingOnFirstMessage(id));
    fig.faults(topology.graphApi.failuresServed(contact));
    JsonNode sent = scenario.conversation(id);
    int attempts = read.sendsTo(contact).size();

    String body = click(c);
    String answer = outcomes(scenario.webhook(body)).get(0);
    String again = outcomes(scenario.webhook(body)).get(0);
    JsonNode done = scenario.close(id, contact, FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));

    assertThat(topology.graphApi.failuresServed(contact)).isEqualTo(3);
    assertThat(BridgeScenario.steps(sent))
        .containsSubsequence("send_retried:node-1", "message_sent:node-1");
    assertThat(detail(sent, "send_retried")).matches("attempt 4 after \\d+\\.\\ds");
    assertThat(count(sent, "message_sent")).isEqualTo(1);
    assertThat(attempts).isEqualTo(4);
    assertThat(answer).isEqualTo("signalled");
    assertThat(again).isEqualTo("duplicate");
    assertThat(BridgeScenario.steps(done))
        .containsSubsequence("message_sent:node-1", "reply:node-1", "message_sent:node-3");
    assertThat(count(done, "reply")).isEqualTo(2);
    assertThat(read.sendsTo(contact)).hasSize(6);
  }

  @Test
  @Order(7)
  void givenAPermanentGraphApiErrorOrAFailedStatus_itTakesTheDeliveryFailedEdgeOnce() {
    FaultFigures.Scenario fig =
        figures.start("Graph API permanent error 131047; failed status while waiting");
    BridgeScenario.Flow flow = scenario.chainFlow();
    String refused = contact();
    topology.graphApi.failNext(
        refused, 400, "{\"error\":{\"code\":131047,\"message\":\"Re-engagement message\"}}");
    String refusedId = scenario.start(flow, refused, null);
    Waiting undelivered = waiting(flow);

    JsonNode failedAtOnce = read.awaitStatus(refusedId, "completed");
    fig.faults(topology.graphApi.failuresServed(refused));
    String failed =
        WebhookBodies.status(
            Fixtures.PHONE_NUMBER_ID,
            undelivered.welcome(),
            "failed",
            undelivered.contact(),
            131026);
    List<String> answer = new ArrayList<>(outcomes(scenario.webhook(failed)));
    answer.addAll(outcomes(scenario.webhook(failed)));
    fig.fault();
    JsonNode failedLater = read.awaitStatus(undelivered.id(), "completed");
    fig.event(count(failedLater, "send_failed"));

    assertThat(topology.graphApi.failuresServed(refused)).isEqualTo(1);
    assertThat(edgesTaken(failedAtOnce)).containsExactly("delivery_failed");
    assertThat(count(failedAtOnce, "send_failed")).isEqualTo(1);
    assertThat(count(failedAtOnce, "send_retried")).isZero();
    assertThat(read.sendsTo(refused)).hasSize(1);
    assertThat(answer).containsExactly("signalled", "duplicate");
    assertThat(edgesTaken(failedLater)).containsExactly("delivery_failed");
    assertThat(count(failedLater, "send_failed")).isEqualTo(1);
  }

  @Test
  @Order(8)
  void givenTheSameBatchTwiceConcurrentlyAndStatusesOutOfOrder_itMovesOnceAndRecordsEachOnce()
      throws Exception {
    FaultFigures.Scenario fig =
        figures.start(
            "same batch twice concurrently; statuses read, delivered, sent, delivered again;"
                + " a failed status twice concurrently");
    new ConcurrentDeliveries(scenario, read, topology.database())
        .run(fig, contact(), contact(), contact());
  }

  @Test
  @Order(9)
  void givenADeliveryOverTheEventLimit_whenPosted_itIsRefusedWith400AndChangesNothing() {
    FaultFigures.Scenario fig = figures.start("delivery over the event limit (1001 events)");
    Waiting c = waiting(scenario.chainFlow());
    String body = click(c);
    List<String> parts = new ArrayList<>(List.of(body));
    for (int i = 0; i < 1_000; i++) {
      parts.add(
          WebhookBodies.status(
              Fixtures.PHONE_NUMBER_ID, "wamid.nobody." + i, "delivered", c.contact(), 0));
    }

    Http.Response refused = scenario.webhook(WebhookBodies.batch(parts));
    fig.fault();
    JsonNode untouched = scenario.conversation(c.id());
    String alone = outcomes(scenario.webhook(body)).get(0);
    String again = outcomes(scenario.webhook(body)).get(0);
    JsonNode done = scenario.close(c.id(), c.contact(), FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.body()).contains("batch_too_large");
    assertThat(count(untouched, "reply")).isZero();
    assertThat(alone).isEqualTo("signalled");
    assertThat(again).isEqualTo("duplicate");
    assertMovedOnce(done, "button_click", c);
  }

  @Test
  @Order(10)
  void givenTheApiDiesHoldingAClaim_whenRedeliveredToAnotherApi_itIsTakenOverAfterTheLease() {
    FaultFigures.Scenario fig = figures.start("api SIGKILL while handing a click over");
    AppProcess next = topology.launchApi();
    Waiting c = waiting(scenario.chainFlow());
    String messageId = newMessageId();
    String body =
        WebhookBodies.button(
            Fixtures.PHONE_NUMBER_ID,
            c.contact(),
            messageId,
            c.welcome(),
            "Track Order",
            "Track Order");
    next.awaitHealthy(FaultTopology.START_TIMEOUT);
    BridgeScenario other = new BridgeScenario(next.port(), null);

    // Temporal hangs, so the api holds the claim while its signal waits; then the api dies.
    topology.temporalProxy.stall();
    Document claim;
    try {
      CompletableFuture.runAsync(() -> scenario.webhook(body));
      claim =
          Waits.until(
              Duration.ofSeconds(10), "the claim of " + messageId, () -> pendingClaim(messageId));
      topology.api().kill();
      fig.fault();
    } finally {
      topology.temporalProxy.on();
    }
    topology.useApi(next);
    Instant claimedAt = claim.getDate("claimedAt").toInstant();
    List<Integer> statuses = new ArrayList<>();
    Http.Response taken =
        Waits.until(
            FaultTopology.CLAIM_LEASE.plusSeconds(40),
            "the claim taken over",
            () -> {
              Http.Response r = other.webhook(body);
              statuses.add(r.status());
              return r.status() == 200 ? r : null;
            });
    Instant takenAt = Instant.now();
    JsonNode done = other.close(c.id(), c.contact(), FaultConversations.WAIT);
    fig.event(effects(done, "Track Order"));

    assertThat(statuses.subList(0, statuses.size() - 1)).isNotEmpty().containsOnly(503);
    assertThat(takenAt).isAfterOrEqualTo(claimedAt.plus(FaultTopology.CLAIM_LEASE));
    // The dead api's held-back signal may reach Temporal once it answers again: then the
    // take-over finds the click taken ("duplicate"). Either way the click moves the conversation
    // once.
    assertThat(outcomes(taken)).singleElement().isIn("signalled", "duplicate");
    assertThat(outcomes(other.webhook(body))).containsExactly("duplicate");
    assertMovedOnce(done, "button_click", c);
  }

  @Test
  @Order(11)
  void givenTheScenariosRan_whenTheProcessLogsAreRead_theyHoldNoSecretAndNoPhoneNumber()
      throws IOException {
    assertThat(contacts).isNotEmpty();
    for (Path log : topology.logs()) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(text).as(log.toString()).contains("Started");
      assertThat(text)
          .as(log + " holds a secret")
          .doesNotContain(Fixtures.TOKEN, Fixtures.ACCESS_TOKEN, Fixtures.APP_SECRET, VERIFY_TOKEN);
      for (String contact : contacts) {
        assertThat(text).as(log + " holds a contact's phone number").doesNotContain(contact);
      }
    }
  }

  /** The claim on this message while its hand-over is in progress, or null. */
  private Document pendingClaim(String messageId) {
    for (Document claim : topology.database().getCollection("inbound_messages").find()) {
      if (String.valueOf(claim.get("_id")).contains(messageId)
          && claim.get("outcome") == null
          && claim.get("claimedAt") != null) {
        return claim;
      }
    }
    return null;
  }

  private void awaitFlowsListed() {
    Waits.until(
        FaultConversations.WAIT,
        "flows listed again",
        () -> scenario.http().get("/chat-flow/flows/").status() == 200 ? true : null);
  }

  private static void assertAnswered503(
      List<Http.Response> answers, List<Duration> took, Duration within) {
    for (int i = 0; i < answers.size(); i++) {
      Http.Response answer = answers.get(i);
      assertThat(answer.status()).as(answer.body()).isEqualTo(503);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(took.get(i)).as("answered in time").isLessThan(within);
    }
  }
}
