package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.InboundEvent;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * A freshly started embedded default (its own context): first its counters at zero, then a
 * conversation whose workflow task really fails, over and over, on the real Temporal test server. A
 * test-only worker interceptor throws, as a bug in the interpreter would, while a reply {@code
 * poison} is handled and {@link #POISON} is set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class StuckConversationTest extends ObservabilityTestBase {

  static final AtomicBoolean POISON = new AtomicBoolean(true);

  /** Makes every workflow task that handles the reply "poison" fail while {@link #POISON} holds. */
  @TestConfiguration
  static class PoisonedReplies {
    @Bean
    WorkerInterceptor poisonedReplies() {
      return new WorkerInterceptorBase() {
        @Override
        public WorkflowInboundCallsInterceptor interceptWorkflow(
            WorkflowInboundCallsInterceptor next) {
          return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void handleSignal(SignalInput input) {
              if (POISON.get()
                  && input.getArguments().length > 0
                  && input.getArguments()[0] instanceof InboundEvent event
                  && "poison".equals(event.text())) {
                throw new IllegalStateException("cannot handle a reply of +1 650 555 1234");
              }
              super.handleSignal(input);
            }
          };
        }
      };
    }
  }

  private PrometheusScrape atStart;

  @BeforeAll
  void scrapeBeforeAnyTraffic() {
    atStart = scrape();
  }

  @Test
  @Timeout(60)
  void givenAFreshlyStartedApp_whenScraped_everyCounterWithKnownLabelsIsThereAtZero() {
    for (String kind : List.of("template", "text")) {
      for (String outcome : MetricNames.SEND_OUTCOMES) {
        for (String mode : List.of("cloud_api", "sandbox", "unknown")) {
          assertZero(
              "chatflow_messages_sent_total",
              Map.of("kind", kind, "outcome", outcome, "mode", mode));
        }
        assertZero("chatflow_message_send_seconds_count", Map.of("kind", kind, "outcome", outcome));
      }
    }
    for (String code : MetricNames.ERROR_CODES) {
      for (String source : List.of("send", "status")) {
        assertZero("chatflow_message_errors_total", Map.of("code", code, "source", source));
      }
    }
    for (String status : MetricNames.STATUS_VALUES) {
      assertZero("chatflow_message_statuses_total", Map.of("status", status));
    }
    for (String kind : List.of("button", "interactive", "text", "status", "other")) {
      for (String result :
          List.of("signalled", "started", "duplicate", "no_conversation", "error")) {
        assertZero("chatflow_webhook_events_total", Map.of("kind", kind, "result", result));
      }
    }
    for (String result : List.of("ok", "error", "unauthorized")) {
      assertZero("chatflow_webhook_handover_seconds_count", Map.of("result", result));
    }
    // A flow's counters appear, all at zero, the first time the process meets the flow.
    assertThat(atStart.has("chatflow_conversations_started_total")).isFalse();
    PrometheusScrape up = awaitScrape(s -> s.sum("chatflow_dependency_up", Map.of()) == 2.0);
    assertThat(up.sum("chatflow_dependency_up", Map.of("dependency", "mongodb"))).isEqualTo(1.0);
    assertThat(up.sum("chatflow_dependency_up", Map.of("dependency", "temporal"))).isEqualTo(1.0);
  }

  @Test
  @Timeout(120)
  void givenAWorkflowTaskThatKeepsFailing_itIsShownStuckLoggedOnceAndClearsWhenItProgresses(
      CapturedOutput output) {
    FlowDriver driver = new FlowDriver(http());
    String hello = driver.template("Hello! Shall we go on?", "Yes");
    String bye = driver.template("Bye!");
    String flowId =
        driver.flow(
            """
            {"name": "Stuck Flow", "is_active": true, "start_template": "%1$s",
             "flow_data": {
               "nodes": [
                 {"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
                  "data": {"template_id": "%1$s"}},
                 {"id": "n2", "type": "template", "position": {"x": 0, "y": 100},
                  "data": {"template_id": "%2$s"}}],
               "edges": [{"id": "e1", "source": "n1", "target": "n2", "label": "Button: Yes"}]}}
            """
                .formatted(hello, bye));
    String contact = FlowDriver.newContact();
    String id = driver.start(flowId, contact);
    JsonNode waiting = driver.awaitWaitingAt(id, "n1");
    assertThat(waiting.get("stuck").isNull()).isTrue();
    assertThat(Instant.parse(waiting.get("wait_deadline").asString()))
        .isAfter(Instant.now().plusSeconds(23 * 3600));

    // The flow's counters were registered at zero when the process met the flow.
    PrometheusScrape met = scrape();
    for (String outcome : List.of("completed", "failed", "timed_out", "cancelled")) {
      assertThat(met.samples())
          .as(outcome)
          .anyMatch(
              s ->
                  s.name().equals("chatflow_conversations_ended_total")
                      && s.labels().equals(Map.of("flow", flowId, "outcome", outcome))
                      && s.value() == 0.0);
    }
    assertThat(met.sum("chatflow_replies_unmatched_total", Map.of("flow", flowId))).isZero();
    assertThat(met.has("chatflow_replies_unmatched_total")).isTrue();

    driver.text(contact, "poison");
    JsonNode stuck = driver.await(id, c -> !c.get("stuck").isNull(), 60);
    assertThat(stuck.get("status").asString()).isEqualTo("waiting");
    assertThat(stuck.get("stuck").get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(stuck.get("stuck").get("last_error").asString())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(stuck.get("stuck").get("since").asString()).isNotEmpty();
    assertThat(stuck.toString()).doesNotContain("650 555");
    JsonNode listed = http().get("/chat-flow/conversations/?stuck=true").json();
    assertThat(listed.get("results")).extracting(c -> c.get("id").asString()).containsExactly(id);
    awaitScrape(s -> s.sum("chatflow_conversations_stuck", Map.of("flow", flowId)) == 1.0);

    // It keeps failing (Temporal retries about every 10 s), yet it was logged once.
    driver.await(id, c -> c.get("stuck").get("attempts").asInt() >= 3, 60);
    assertThat(count(output.getAll(), "Workflow task of conversation " + id)).isEqualTo(1);
    assertThat(output.getAll()).contains("java.lang.IllegalStateException");
    assertThat(output.getAll()).doesNotContain("650 555");
    assertThat(count(output.getAll(), "Workflow task processing failure")).isZero();
    assertThat(count(output.getAll(), "Failure processing workflow task")).isZero();

    // The bug is fixed: the retried task handles the reply, and the conversation is not stuck.
    POISON.set(false);
    JsonNode moved = driver.await(id, c -> c.get("stuck").isNull(), 60);
    assertThat(moved.get("steps"))
        .anyMatch(
            s ->
                s.get("kind").asString().equals("unmatched_reply")
                    && s.get("detail").asString().equals("poison"));
    assertThat(http().get("/chat-flow/conversations/?stuck=true").json().get("count").asInt())
        .isZero();
    awaitScrape(s -> s.sum("chatflow_conversations_stuck", Map.of("flow", flowId)) == 0.0);
    PrometheusScrape after =
        awaitScrape(s -> s.sum("chatflow_replies_unmatched_total", Map.of("flow", flowId)) == 1.0);
    assertThat(after.sum("chatflow_replies_unmatched_total", Map.of("kind", "unmatched")))
        .isEqualTo(1.0);
    driver.click(contact, "Yes");
    driver.awaitStatus(id, "completed");
  }

  private void assertZero(String name, Map<String, String> labels) {
    assertThat(
            atStart.samples().stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList())
        .as(name + labels)
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isZero());
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }

  private PrometheusScrape awaitScrape(Predicate<PrometheusScrape> condition) {
    Instant deadline = Instant.now().plusSeconds(40);
    PrometheusScrape scrape = scrape();
    while (!condition.test(scrape) && Instant.now().isBefore(deadline)) {
      FlowDriver.pause();
      scrape = scrape();
    }
    assertThat(condition.test(scrape)).as("metrics never got there").isTrue();
    return scrape;
  }

  private PrometheusScrape scrape() {
    Http.Response response = new Http(port, null).get("/actuator/prometheus");
    assertThat(response.status()).isEqualTo(200);
    return PrometheusScrape.parse(response.body());
  }
}
