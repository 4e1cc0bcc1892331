package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A hand-over Temporal carried out but answered after the bridge's deadline: the webhook is
 * answered 503, and WhatsApp's redelivery, after the conversation the first attempt started or
 * moved has ended, is a duplicate: no second conversation from the same message, nothing sent
 * twice, and the conversation the late start created keeps its record. The app talks to a Temporal
 * server that holds back the answers of the calls asked for.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "chatflow.bridge.handover-timeout=1s",
      "chatflow.embedded.temporal.enabled=false"
    })
@DirtiesContext
@Timeout(120)
class LateHandoverTest {

  static final String APP_SECRET = "late-handover-app-secret";
  static final Duration LATE = Duration.ofSeconds(3);
  static final InterceptedTemporal TEMPORAL = InterceptedTemporal.plain();

  static {
    TEMPORAL.registerSearchAttributes("default");
  }

  /** Closed with the app's context, after its worker stopped. */
  @TestConfiguration
  static class Server {
    @Bean(destroyMethod = "close")
    InterceptedTemporal interceptedTemporal() {
      return TEMPORAL;
    }
  }

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    registry.add("spring.temporal.connection.target", TEMPORAL::target);
  }

  @LocalServerPort int port;
  @Autowired InterceptedTemporal temporal;

  BridgeScenario scenario;
  String phone;

  @BeforeEach
  void channel() {
    scenario = new BridgeScenario(port, null);
    phone = "4" + System.nanoTime() % 100_000_000_000_000L;
    String channel =
        "{\"phone_number_id\": \"%s\", \"app_secret\": \"%s\", \"mode\": \"sandbox\"}"
            .formatted(phone, APP_SECRET);
    assertThat(scenario.http().post("/chat-flow/channels/", channel).status()).isEqualTo(201);
  }

  @AfterEach
  void answersOnTime() {
    temporal.delayAnswers("StartWorkflowExecution", Duration.ZERO);
    temporal.delayAnswers("SignalWorkflowExecution", Duration.ZERO);
  }

  @Test
  void givenAStartClickWhoseStartIsAnsweredLate_whenRedeliveredAfterTheFlowEnded_itIsADuplicate() {
    String button = "Claim offer " + newContact();
    scenario.buttonFlow(button);
    String contact = newContact();
    String click = WebhookBodies.button(phone, contact, newMessageId(), null, button, button);

    temporal.delayAnswers("StartWorkflowExecution", LATE);
    Http.Response late = scenario.webhook(click, APP_SECRET);
    temporal.delayAnswers("StartWorkflowExecution", Duration.ZERO);
    assertThat(late.status()).as(late.body()).isEqualTo(503);

    // The start went through: the conversation runs the click and ends, under its own record.
    JsonNode started = awaitOnlyConversation(contact);
    JsonNode done = scenario.awaitStatus(started.get("id").asString(), "completed");
    assertThat(steps(done)).isEqualTo(BridgeScenario.CLICK_STARTED_STEPS);

    assertThat(outcomes(scenario.webhook(click, APP_SECRET))).containsExactly("duplicate");
    assertThat(outcomes(scenario.webhook(click, APP_SECRET))).containsExactly("duplicate");
    assertThat(scenario.conversationsOf(contact)).hasSize(1);
    assertThat(scenario.outboxTemplates(contact)).containsExactly("bridge_status");
  }

  @Test
  void givenAClickWhoseSignalIsAnsweredLate_whenRedeliveredAfterTheFlowEnded_itIsADuplicate() {
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, phone);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);
    // A click on the flow's start template: once the conversation ended, it would start the flow
    // again.
    String click =
        WebhookBodies.button(phone, contact, newMessageId(), welcome, "Track Order", "Track Order");

    temporal.delayAnswers("SignalWorkflowExecution", LATE);
    Http.Response late = scenario.webhook(click, APP_SECRET);
    temporal.delayAnswers("SignalWorkflowExecution", Duration.ZERO);
    assertThat(late.status()).as(late.body()).isEqualTo(503);
    scenario.awaitStatus(conversation, "completed");

    assertThat(outcomes(scenario.webhook(click, APP_SECRET))).containsExactly("duplicate");
    assertThat(scenario.conversationsOf(contact))
        .extracting(c -> c.get("id").asString())
        .containsExactly(conversation);
    assertThat(scenario.outboxTemplates(contact))
        .containsExactly("bridge_welcome", "bridge_status");
  }

  /** Waits for the contact's one conversation to be listed. */
  private JsonNode awaitOnlyConversation(String contact) {
    List<JsonNode> conversations =
        Waits.until(
            Duration.ofSeconds(30),
            "the contact's conversation listed",
            () -> {
              List<JsonNode> listed = scenario.conversationsOf(contact);
              return listed.isEmpty() ? null : listed;
            });
    assertThat(conversations).hasSize(1);
    return conversations.get(0);
  }

  private static List<String> outcomes(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("outcomes").forEach(o -> out.add(o.asString()));
    return out;
  }
}
