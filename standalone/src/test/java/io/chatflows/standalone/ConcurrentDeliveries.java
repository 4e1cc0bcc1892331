package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.FaultConversations.count;
import static io.chatflows.standalone.FaultConversations.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import tools.jackson.databind.JsonNode;

/**
 * WhatsApp's at-least-once delivery at its worst: one batch with two contacts' clicks delivered
 * twice at the same moment, then one message's statuses out of order (read, delivered, sent) and
 * one of them again. Each click moves its conversation once; each status is recorded once.
 */
final class ConcurrentDeliveries {

  record Result(int delivered, int applied, int appliedTwice) {}

  private final BridgeScenario scenario;
  private final FaultConversations read;

  ConcurrentDeliveries(BridgeScenario scenario, FaultConversations read) {
    this.scenario = scenario;
    this.read = read;
  }

  Result run(BridgeScenario.Flow flow, String first, String second) throws Exception {
    String firstId = scenario.start(flow, first, null);
    String secondId = scenario.start(flow, second, null);
    String firstWelcome = scenario.awaitWaitingOnFirstMessage(firstId);
    String secondWelcome = scenario.awaitWaitingOnFirstMessage(secondId);
    String batch =
        WebhookBodies.batch(
            List.of(
                WebhookBodies.button(
                    Fixtures.PHONE_NUMBER_ID,
                    first,
                    newMessageId(),
                    firstWelcome,
                    "Track Order",
                    "Track Order"),
                WebhookBodies.button(
                    Fixtures.PHONE_NUMBER_ID,
                    second,
                    newMessageId(),
                    secondWelcome,
                    "Track Order",
                    "Track Order")));

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Http.Response>> deliveries = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      deliveries.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Http.Response r = scenario.webhook(batch);
                return r.status() == 503 ? read.redeliverUntilAcknowledged(batch) : r;
              }));
    }
    go.countDown();
    int[] signalled = new int[2];
    for (CompletableFuture<Http.Response> delivery : deliveries) {
      List<String> outcomes = outcomes(delivery.get());
      assertThat(outcomes).hasSize(2).allMatch(o -> o.equals("signalled") || o.equals("duplicate"));
      for (int e = 0; e < 2; e++) {
        signalled[e] += outcomes.get(e).equals("signalled") ? 1 : 0;
      }
    }
    assertThat(signalled).containsExactly(1, 1);

    int applied = 0;
    int twice = 0;
    for (String id : List.of(firstId, secondId)) {
      JsonNode done = read.awaitStatus(id, "completed");
      assertThat(count(done, "reply")).isEqualTo(1);
      applied += count(done, "reply") >= 1 ? 1 : 0;
      twice += count(done, "reply") > 1 ? 1 : 0;
    }
    assertThat(read.sendsTo(first)).hasSize(2);
    assertThat(read.sendsTo(second)).hasSize(2);

    int recorded = 0;
    for (String status : List.of("read", "delivered", "sent")) {
      String body = WebhookBodies.status(Fixtures.PHONE_NUMBER_ID, firstWelcome, status, first, 0);
      assertThat(outcomes(scenario.webhook(body))).containsExactly("recorded");
      recorded++;
    }
    String again =
        WebhookBodies.status(Fixtures.PHONE_NUMBER_ID, firstWelcome, "delivered", first, 0);
    assertThat(outcomes(scenario.webhook(again))).containsExactly("duplicate");

    JsonNode node1 = welcomeMessages(flow);
    assertThat(node1.get("sent").asLong()).isEqualTo(2);
    assertThat(node1.get("delivered").asLong()).isEqualTo(1);
    assertThat(node1.get("read").asLong()).isEqualTo(1);
    int statusesTwice =
        node1.get("delivered").asLong() > 1 || node1.get("read").asLong() > 1 ? 1 : 0;
    return new Result(2 + 3, applied + recorded, twice + statusesTwice);
  }

  /** The flow's delivery outcomes of node-1's template, from the analytics API. */
  private JsonNode welcomeMessages(BridgeScenario.Flow flow) {
    Http.Response report = scenario.http().get("/chat-flow/analytics/?flow=" + flow.id());
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    for (JsonNode message : report.json().get("messages")) {
      if (message.get("node_id").asString().equals("node-1")) {
        return message;
      }
    }
    throw new AssertionError("no node-1 messages in " + report.body());
  }
}
