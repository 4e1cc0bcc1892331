package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.FaultConversations.count;
import static io.chatflows.standalone.FaultConversations.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

/**
 * WhatsApp's at-least-once delivery at its worst, on {@link BridgeScenario#chainFlow()} where a
 * second application would show: one batch with a click (contact A) and a text (contact B)
 * delivered twice at the same moment; A's welcome's statuses out of order (read, delivered, sent)
 * and delivered again; a {@code failed} status of C's awaited welcome delivered twice at the same
 * moment, the one status that reaches a conversation. Each click and text moves its conversation
 * once, each status is recorded once, the failed one signalled once.
 */
final class ConcurrentDeliveries {

  private static final Duration WAIT = FaultConversations.WAIT;

  private final BridgeScenario scenario;
  private final FaultConversations read;
  private final MongoDatabase database;

  ConcurrentDeliveries(BridgeScenario scenario, FaultConversations read, MongoDatabase database) {
    this.scenario = scenario;
    this.read = read;
    this.database = database;
  }

  void run(FaultFigures.Scenario figures, String a, String b, String c) throws Exception {
    BridgeScenario.Flow flow = scenario.chainFlow();
    String idA = scenario.start(flow, a, null);
    String idB = scenario.start(flow, b, null);
    String idC = scenario.start(flow, c, null);
    String welcomeA = scenario.awaitWaitingOnFirstMessage(idA);
    scenario.awaitWaitingOnFirstMessage(idB);
    String welcomeC = scenario.awaitWaitingOnFirstMessage(idC);
    String textB = "text of b " + ThreadLocalRandom.current().nextInt(1_000_000);
    String batch =
        WebhookBodies.batch(
            List.of(
                WebhookBodies.button(
                    Fixtures.PHONE_NUMBER_ID,
                    a,
                    newMessageId(),
                    welcomeA,
                    "Track Order",
                    "Track Order"),
                WebhookBodies.text(Fixtures.PHONE_NUMBER_ID, b, newMessageId(), textB)));

    List<List<String>> batchOutcomes = concurrently(batch, 2);

    List<String> posted = List.of("read", "delivered", "sent", "delivered");
    List<String> statusOutcomes = new ArrayList<>();
    for (String status : posted) {
      statusOutcomes.addAll(
          outcomes(
              scenario.webhook(
                  WebhookBodies.status(Fixtures.PHONE_NUMBER_ID, welcomeA, status, a, 0))));
    }
    String failedC = WebhookBodies.status(Fixtures.PHONE_NUMBER_ID, welcomeC, "failed", c, 131026);
    List<List<String>> failedOutcomes = concurrently(failedC, 2);

    JsonNode doneA = scenario.close(idA, a, WAIT);
    JsonNode doneB = scenario.close(idB, b, WAIT);
    JsonNode doneC = read.awaitStatus(idC, "completed");
    Map<String, Object> statusesA = statuses(welcomeA);

    // What happened, counted before anything is asserted.
    figures.event(BridgeScenario.effects(doneA, "Track Order"));
    figures.event(BridgeScenario.effects(doneB, textB));
    for (String status : List.of("read", "delivered", "sent")) {
      // Stored once per message by design (a map keyed by status); a second "recorded" answer for
      // the same status is the second application the api would count and report.
      long recorded = 0;
      for (int i = 0; i < posted.size(); i++) {
        recorded +=
            posted.get(i).equals(status) && statusOutcomes.get(i).equals("recorded") ? 1 : 0;
      }
      figures.event(statusesA.containsKey(status) ? Math.max(1, recorded) : 0);
    }
    figures.event(count(doneC, "send_failed"));

    for (List<String> delivery : batchOutcomes) {
      assertThat(delivery).hasSize(2).allMatch(o -> o.equals("signalled") || o.equals("duplicate"));
    }
    assertThat(batchOutcomes.stream().map(o -> o.get(0))).containsOnlyOnce("signalled");
    assertThat(batchOutcomes.stream().map(o -> o.get(1))).containsOnlyOnce("signalled");
    assertThat(BridgeScenario.steps(doneA)).isEqualTo(BridgeScenario.CHAIN_ONCE);
    assertThat(BridgeScenario.steps(doneB)).isEqualTo(BridgeScenario.CHAIN_ONCE);
    assertThat(FaultConversations.edgesTaken(doneA)).containsExactly("button_click", "text_reply");
    assertThat(FaultConversations.edgesTaken(doneB)).containsExactly("text_reply", "text_reply");
    assertThat(read.sendsTo(a)).hasSize(3);
    assertThat(read.sendsTo(b)).hasSize(3);

    assertThat(statusOutcomes).containsExactly("recorded", "recorded", "recorded", "duplicate");
    assertThat(statusesA).containsOnlyKeys("read", "delivered", "sent");
    assertThat(failedOutcomes.stream().flatMap(List::stream))
        .containsExactlyInAnyOrder("signalled", "duplicate");
    assertThat(count(doneC, "send_failed")).isEqualTo(1);
    assertThat(FaultConversations.edgesTaken(doneC)).containsExactly("delivery_failed");
    assertThat(statuses(welcomeC)).containsOnlyKeys("failed");
  }

  /** Posts the same body {@code times} times at the same moment; 503s are redelivered. */
  private List<List<String>> concurrently(String body, int times) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Http.Response>> deliveries = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      deliveries.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Http.Response r = scenario.webhook(body);
                return r.status() == 503 ? read.redeliverUntilAcknowledged(body) : r;
              }));
    }
    go.countDown();
    List<List<String>> out = new ArrayList<>();
    for (CompletableFuture<Http.Response> delivery : deliveries) {
      out.add(outcomes(delivery.get()));
    }
    return out;
  }

  /** The statuses stored with our message, read from MongoDB directly. */
  private Map<String, Object> statuses(String messageId) {
    Document message =
        database.getCollection("messages").find(Filters.eq("_id", messageId)).first();
    assertThat(message).as("message %s stored", messageId).isNotNull();
    Document statuses = message.get("statuses", Document.class);
    return statuses == null ? Map.of() : statuses;
  }
}
