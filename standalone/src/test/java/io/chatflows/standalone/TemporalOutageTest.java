package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Temporal unreachable during a delivery: the webhook is answered 503 (nothing acknowledged,
 * nothing recorded) and WhatsApp's redelivery after Temporal is back is processed normally. Stops
 * the JVM-wide embedded Temporal server, so it has its own context, closed afterwards, and always
 * restarts the server.
 */
@AutoConfigureMetrics
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "chatflow.bridge.handover-timeout=2s")
@DirtiesContext
@Timeout(120)
class TemporalOutageTest {

  static final String APP_SECRET = "outage-app-secret";

  @LocalServerPort int port;

  @AfterEach
  void temporalIsBack() {
    EmbeddedServers.restartTemporal();
  }

  @Test
  void givenTemporalIsDown_whenAStartClickArrives_itAnswers503AndTheRedeliveryStartsTheFlow() {
    BridgeScenario scenario = new BridgeScenario(port, null);
    Http http = scenario.http();
    String phone = "3" + System.nanoTime() % 100_000_000_000_000L;
    String channel =
        "{\"phone_number_id\": \"%s\", \"app_secret\": \"%s\", \"mode\": \"sandbox\"}"
            .formatted(phone, APP_SECRET);
    assertThat(http.post("/chat-flow/channels/", channel).status()).isEqualTo(201);
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String lost = scenario.start(flow, contact, phone);
    String welcome = scenario.awaitWaitingOnFirstMessage(lost);
    String click =
        WebhookBodies.button(phone, contact, newMessageId(), welcome, "Track Order", "Track Order");

    EmbeddedServers.stopTemporal();
    Instant posted = Instant.now();
    Http.Response down = scenario.webhook(click, APP_SECRET);
    Duration answeredIn = Duration.between(posted, Instant.now());
    EmbeddedServers.restartTemporal();

    assertThat(down.status()).as(down.body()).isEqualTo(503);
    assertThat(down.contentType()).startsWith("application/problem+json");
    assertThat(down.json().get("code").asString()).isEqualTo("temporal_unavailable");
    assertThat(answeredIn).isLessThan(Duration.ofSeconds(15));

    Http.Response redelivered = redeliverUntilAcknowledged(scenario, click);

    // "duplicate" when a redelivery's start went through but was answered after the 2 s deadline
    // (a fresh Temporal server can be that slow): the next redelivery finds the conversation it
    // started (LateHandoverTest pins that path). Either way, one conversation took the click once.
    assertThat(outcomes(redelivered)).singleElement().isIn("started", "duplicate");
    JsonNode started =
        scenario.conversationsOf(contact).stream()
            .filter(c -> !c.get("id").asString().equals(lost))
            .findFirst()
            .orElseThrow();
    JsonNode done = scenario.awaitStatus(started.get("id").asString(), "completed");
    assertThat(steps(done)).isEqualTo(BridgeScenario.CLICK_STARTED_STEPS);
    assertThat(scenario.outboxTemplates(contact))
        .containsExactly("bridge_welcome", "bridge_status");
    assertThat(outcomes(scenario.webhook(click, APP_SECRET))).containsExactly("duplicate");
    assertThat(new Http(port, null).get("/actuator/prometheus").body())
        .contains("chatflow_webhook_events_total{kind=\"button\",result=\"error\"}")
        .contains("chatflow_webhook_handover_seconds_count{result=\"error\"}");
  }

  /** WhatsApp retries a delivery that was not acknowledged; so does this, for a while. */
  private static Http.Response redeliverUntilAcknowledged(BridgeScenario scenario, String body) {
    Instant deadline = Instant.now().plusSeconds(60);
    Http.Response last = null;
    while (Instant.now().isBefore(deadline)) {
      last = scenario.webhook(body, APP_SECRET);
      if (last.status() == 200) {
        return last;
      }
      assertThat(last.status()).as(last.body()).isEqualTo(503);
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("the redelivery was never acknowledged; last: " + last);
  }

  private static List<String> outcomes(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("outcomes").forEach(o -> out.add(o.asString()));
    return out;
  }
}
