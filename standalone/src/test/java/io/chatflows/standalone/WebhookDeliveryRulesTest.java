package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The delivery rules of the webhook bridge (spec §7) over real HTTP: at-least-once deliveries move
 * a conversation once, a bad signature changes nothing, events nobody waits for are acknowledged,
 * statuses arrive in any order, the verification handshake, and the bridge's metrics.
 */
@Timeout(60)
class WebhookDeliveryRulesTest extends CloudApiTestBase {

  @Test
  void givenTheSameDeliveryTwice_whenPosted_itMovesTheConversationOnce() {
    Waiting waiting = waitingConversation();
    String click = click(waiting, newMessageId());

    Http.Response first = scenario.webhook(click);
    Http.Response again = scenario.webhook(click);

    assertThat(outcomes(first)).containsExactly("signalled");
    assertThat(outcomes(again)).containsExactly("duplicate");
    assertMovedOnce(waiting);
  }

  @Test
  void givenTheSameDeliveryPostedConcurrently_whenHandedOver_itMovesTheConversationOnce()
      throws Exception {
    Waiting waiting = waitingConversation();
    String click = click(waiting, newMessageId());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Http.Response>> posts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      posts.add(
          CompletableFuture.supplyAsync(
              () -> {
                awaitQuietly(go);
                return scenario.webhook(click);
              }));
    }
    go.countDown();

    List<Http.Response> answers = new ArrayList<>();
    for (CompletableFuture<Http.Response> post : posts) {
      answers.add(post.get());
    }

    assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(200, 503));
    assertThat(answers.stream().filter(a -> a.status() == 200).flatMap(a -> outcomes(a).stream()))
        .containsOnlyOnce("signalled");
    assertThat(outcomes(scenario.webhook(click))).containsExactly("duplicate");
    assertMovedOnce(waiting);
  }

  @Test
  void givenABatchWithTheSameMessageTwice_whenPosted_itMovesTheConversationOnce() {
    Waiting waiting = waitingConversation();
    String click = click(waiting, newMessageId());

    Http.Response delivered = scenario.webhook(WebhookBodies.batch(List.of(click, click)));

    assertThat(delivered.status()).isEqualTo(200);
    assertThat(outcomes(delivered)).containsExactly("signalled", "duplicate");
    assertMovedOnce(waiting);
  }

  @Test
  void givenABadSignature_whenPosted_itAnswers401AndChangesNothing() {
    Waiting waiting = waitingConversation();
    String click = click(waiting, newMessageId());
    byte[] body = click.getBytes(StandardCharsets.UTF_8);

    Http.Response wrongSecret = scenario.webhook(click, "not-the-app-secret");
    Http.Response missing = scenario.webhookSigned(body, null);
    Http.Response garbage = scenario.webhookSigned(body, "sha256=00");

    for (Http.Response refused : List.of(wrongSecret, missing, garbage)) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().get("code").asString()).isEqualTo("invalid_signature");
    }
    JsonNode unchanged = scenario.conversation(waiting.conversation());
    assertThat(unchanged.get("status").asString()).isEqualTo("waiting");
    assertThat(steps(unchanged)).containsExactly("node_entered:node-1", "message_sent:node-1");
    assertThat(outcomes(scenario.webhook(click))).containsExactly("signalled");
    assertMovedOnce(waiting);
  }

  @Test
  void givenEventsNobodyWaitsFor_whenPosted_theyAreAcknowledgedAndRecorded() {
    String stranger = newContact();
    String otherNumber = "999000111222333";
    List<String> bodies =
        List.of(
            WebhookBodies.text(PHONE_NUMBER_ID, stranger, newMessageId(), "hello?"),
            WebhookBodies.image(PHONE_NUMBER_ID, stranger, newMessageId()),
            WebhookBodies.status(PHONE_NUMBER_ID, "wamid.not-ours", "delivered", stranger, 0),
            WebhookBodies.text(otherNumber, stranger, newMessageId(), "wrong number"));

    Http.Response delivered = scenario.webhook(WebhookBodies.batch(bodies.subList(0, 3)));
    Http.Response unknownNumber = scenario.webhook(bodies.get(3), "any-secret");

    assertThat(delivered.status()).isEqualTo(200);
    assertThat(outcomes(delivered))
        .containsExactly("no_conversation", "unsupported", "unknown_message");
    assertThat(unknownNumber.status()).isEqualTo(200);
    assertThat(outcomes(unknownNumber)).containsExactly("unknown_channel");
    assertThat(scenario.conversationsOf(stranger)).isEmpty();
  }

  @Test
  void givenStatusesOutOfOrder_whenPosted_eachIsRecordedOnce() {
    Waiting waiting = waitingConversation();
    List<String> statuses = new ArrayList<>();
    for (String status : List.of("read", "delivered", "sent")) {
      statuses.add(
          WebhookBodies.status(PHONE_NUMBER_ID, waiting.welcome(), status, waiting.contact(), 0));
    }

    Http.Response first = scenario.webhook(WebhookBodies.batch(statuses));
    List<String> reversed = new ArrayList<>(statuses);
    Collections.reverse(reversed);
    Http.Response again = scenario.webhook(WebhookBodies.batch(reversed));

    assertThat(outcomes(first)).containsExactly("recorded", "recorded", "recorded");
    assertThat(outcomes(again)).containsExactly("duplicate", "duplicate", "duplicate");
    assertThat(scenario.conversation(waiting.conversation()).get("status").asString())
        .isEqualTo("waiting");
  }

  @Test
  void givenTheVerificationHandshake_whenTheTokenIsRight_itEchoesTheChallenge() {
    Http http = new Http(port, null);

    Http.Response right =
        http.get(
            "/webhooks/whatsapp/?hub.mode=subscribe&hub.verify_token=test-verify-token"
                + "&hub.challenge=1158201444");
    Http.Response wrong =
        http.get(
            "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

    assertThat(right.status()).isEqualTo(200);
    assertThat(right.contentType()).startsWith("text/plain");
    assertThat(right.body()).isEqualTo("1158201444");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.contentType()).startsWith("application/problem+json");
  }

  @Test
  void givenDeliveries_whenScrapingPrometheus_itShowsTheBridgeMetrics() {
    Waiting waiting = waitingConversation();
    scenario.webhook(click(waiting, newMessageId()));
    scenario.webhook(click(waiting, newMessageId()), "not-the-app-secret");

    String metrics = new Http(port, null).get("/actuator/prometheus").body();

    assertThat(metrics)
        .contains("chatflow_webhook_events_total{kind=\"button\",result=\"signalled\"}")
        .contains("chatflow_webhook_events_total{kind=\"button\",result=\"invalid_signature\"}")
        .contains("chatflow_webhook_handover_seconds_bucket{result=\"ok\"")
        .contains("chatflow_webhook_handover_seconds_count{result=\"unauthorized\"}")
        .doesNotContain(waiting.contact());
  }

  /** A conversation waiting on its welcome template. */
  private record Waiting(String conversation, String contact, String welcome) {}

  /** A conversation on the chain flow, where a click applied twice would show, at node-1. */
  private Waiting waitingConversation() {
    Flow flow = scenario.chainFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, null);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);
    scenario.awaitSendTo(contact);
    return new Waiting(conversation, contact, welcome);
  }

  private static String click(Waiting waiting, String messageId) {
    return WebhookBodies.button(
        PHONE_NUMBER_ID,
        waiting.contact(),
        messageId,
        waiting.welcome(),
        "Track Order",
        "Track Order");
  }

  /**
   * The conversation moved exactly once: after the closing text (handled after every earlier event)
   * it shows one click, one text, two edges and three templates. A click applied twice would be a
   * stale click at node-2, which waits again.
   */
  private void assertMovedOnce(Waiting waiting) {
    JsonNode done = scenario.close(waiting.conversation(), waiting.contact(), BridgeScenario.WAIT);
    assertThat(steps(done)).isEqualTo(BridgeScenario.CHAIN_ONCE);
    assertThat(BridgeScenario.effects(done, "Track Order")).isEqualTo(1);
    assertThat(
            List.of(
                scenario.awaitSendTo(waiting.contact()), scenario.awaitSendTo(waiting.contact())))
        .extracting(BridgeScenario::templateName)
        .containsExactly("bridge_next", "bridge_done");
    assertThat(scenario.remainingSendsTo(waiting.contact())).isEmpty();
  }

  private static List<String> outcomes(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("outcomes").forEach(o -> out.add(o.asString()));
    return out;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
