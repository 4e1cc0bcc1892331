package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Scrapes {@code /actuator/prometheus} of the embedded default after conversations on every path
 * (completed, started by a click, failed on a refused send, left waiting) and checks the Chat Flows
 * meters grew by exactly that traffic, carry only bounded labels, and sit next to the Temporal
 * SDK's metrics; then checks every metric the Grafana dashboard queries exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest extends ObservabilityTestBase {

  /** Recorded by the api's webhook bridge (another feature); the dashboard may query them. */
  static final Set<String> WEBHOOK_METRICS =
      Set.of(
          "chatflow_webhook_events_total",
          "chatflow_webhook_handover_seconds_bucket",
          "chatflow_webhook_handover_seconds_count",
          "chatflow_webhook_handover_seconds_sum",
          "chatflow_webhook_handover_seconds_max");

  /** The label keys each Chat Flows meter may carry. */
  static final Map<String, Set<String>> LABELS =
      Map.of(
          "chatflow_conversations_started_total", Set.of("source"),
          "chatflow_conversations_ended_total", Set.of("outcome"),
          "chatflow_conversations_active", Set.of(),
          "chatflow_node_entries_total", Set.of("type"),
          "chatflow_edges_taken_total", Set.of("trigger"),
          "chatflow_messages_sent_total", Set.of("kind", "outcome", "mode"));

  private PrometheusScrape before;
  private final List<String> ids = new ArrayList<>();

  @BeforeAll
  void runTraffic() {
    before = scrape();
    FlowDriver driver = new FlowDriver(http());
    String hello = driver.template("Hello! Shall we go on?", "Yes", "No");
    String bye = driver.template("Bye!");
    String flowId =
        driver.flow(
            """
            {"name": "Metrics Flow", "is_active": true, "start_template": "%1$s",
             "flow_data": {
               "nodes": [
                 {"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
                  "data": {"template_id": "%1$s"}},
                 {"id": "n2", "type": "template", "position": {"x": 0, "y": 100},
                  "data": {"template_id": "%2$s"}},
                 {"id": "n3", "type": "action", "position": {"x": 0, "y": 200},
                  "data": {"action": "send_text", "text": "Sorry to hear that."}}],
               "edges": [{"id": "e1", "source": "n1", "target": "n2", "label": "Button: Yes"},
                         {"id": "e2", "source": "n1", "target": "n3", "label": "Button: No"}]}}
            """
                .formatted(hello, bye));
    ids.add(flowId);
    String yes = FlowDriver.newContact();
    String no = FlowDriver.newContact();
    String silent = FlowDriver.newContact();
    Map<String, String> conversations = new java.util.HashMap<>();
    for (String contact : List.of(yes, no, silent)) {
      conversations.put(contact, driver.start(flowId, contact));
      driver.awaitWaitingAt(conversations.get(contact), "n1");
    }
    ids.addAll(conversations.values());
    // completed through n1 -> n2: two templates
    driver.click(yes, "Yes");
    JsonNode completed = driver.awaitStatus(conversations.get(yes), "completed");
    // completed through n1 -> n3: a template and a free-form text (the click opened the window)
    driver.click(no, "No");
    driver.awaitStatus(conversations.get(no), "completed");
    // started from WhatsApp: a click on the first contact's start-template message
    String clicker = FlowDriver.newContact();
    assertThat(driver.clickOn(clicker, "Yes", FlowDriver.messageSentAt(completed, "n1")))
        .isEqualTo("started");
    String started = driver.latestConversationOf(clicker).get("id").asString();
    ids.add(started);
    driver.awaitStatus(started, "completed");
    // failed: a free-form text to a contact who never wrote is refused for good
    String refusedFlow =
        driver.flow(
            """
            {"name": "Refused Flow", "is_active": true, "start_template": "%1$s",
             "flow_data": {
               "nodes": [
                 {"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
                  "data": {"template_id": "%1$s"}},
                 {"id": "n2", "type": "action", "position": {"x": 0, "y": 100},
                  "data": {"action": "send_text", "text": "Outside the 24-hour window"}}],
               "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}}
            """
                .formatted(bye));
    ids.add(refusedFlow);
    String refused = driver.start(refusedFlow, FlowDriver.newContact());
    ids.add(refused);
    driver.awaitStatus(refused, "failed");
  }

  @Test
  @Timeout(90)
  void givenTrafficOnEveryPath_whenScrapingPrometheus_itCountsItExactlyWithBoundedLabels() {
    Map<String, Double> expected =
        Map.ofEntries(
            Map.entry("chatflow_conversations_started_total|source=api", 4.0),
            Map.entry("chatflow_conversations_started_total|source=webhook", 1.0),
            Map.entry("chatflow_conversations_ended_total|outcome=completed", 3.0),
            Map.entry("chatflow_conversations_ended_total|outcome=failed", 1.0),
            Map.entry("chatflow_node_entries_total|type=template", 7.0),
            Map.entry("chatflow_node_entries_total|type=action", 2.0),
            Map.entry("chatflow_edges_taken_total|trigger=button_click", 3.0),
            Map.entry("chatflow_edges_taken_total|trigger=default", 1.0),
            Map.entry("chatflow_messages_sent_total|kind=template,outcome=sent,mode=sandbox", 6.0),
            Map.entry("chatflow_messages_sent_total|kind=text,outcome=sent,mode=sandbox", 1.0),
            Map.entry(
                "chatflow_messages_sent_total|kind=text,outcome=permanent_error,mode=sandbox", 1.0),
            Map.entry("chatflow_conversations_active|", 1.0));
    PrometheusScrape after = null;
    Map<String, Double> grown = Map.of();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      after = scrape();
      grown = growth(after, expected.keySet());
      if (grown.equals(expected) && temporalMetricsPresent(after)) {
        break;
      }
      FlowDriver.pause();
    }
    assertThat(grown).isEqualTo(expected);
    assertThat(after.sum("temporal_workflow_task_execution_latency_seconds_count", Map.of()))
        .isPositive();
    assertThat(after.has("temporal_workflow_task_execution_latency_seconds_bucket")).isTrue();
    assertThat(
            after.sum(
                "temporal_worker_task_slots_available", Map.of("worker_type", "WorkflowWorker")))
        .isPositive();
    assertThat(after.sum("temporal_request_total", Map.of())).isPositive();
    assertThat(after.sum("temporal_long_request_total", Map.of())).isPositive();

    for (PrometheusScrape.Sample sample : after.samples()) {
      if (sample.name().startsWith("chatflow_")) {
        assertThat(LABELS).as(sample.name()).containsKey(sample.name());
        assertThat(sample.labels().keySet())
            .as(sample.name())
            .isSubsetOf(LABELS.get(sample.name()));
        assertThat(sample.labels().values()).as(sample.name()).doesNotContainAnyElementsOf(ids);
      }
    }
  }

  @Test
  @Timeout(90)
  void givenTheGrafanaDashboard_whenReadingItsQueries_everyMetricExistsOrComesFromTheWebhookBridge()
      throws IOException {
    JsonNode dashboard = Http.JSON.readTree(Files.readString(dashboardFile()));
    Set<String> queried = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      if (panel.get("type").asString().equals("row")) {
        continue;
      }
      assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("prometheus");
      assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
      panel.get("targets").forEach(t -> queried.addAll(metricNames(t.get("expr").asString())));
    }
    assertThat(queried)
        .contains(
            "chatflow_conversations_started_total",
            "chatflow_conversations_ended_total",
            "chatflow_conversations_active",
            "chatflow_node_entries_total",
            "chatflow_edges_taken_total",
            "chatflow_messages_sent_total",
            "chatflow_webhook_events_total",
            "chatflow_webhook_handover_seconds_bucket",
            "temporal_workflow_task_execution_latency_seconds_bucket",
            "temporal_worker_task_slots_available",
            "temporal_request_total",
            "temporal_long_request_total");
    Set<String> missing = new TreeSet<>(queried);
    missing.removeAll(WEBHOOK_METRICS);
    Instant deadline = Instant.now().plusSeconds(60);
    PrometheusScrape scrape = scrape();
    while (!missing.stream().allMatch(scrape::has) && Instant.now().isBefore(deadline)) {
      FlowDriver.pause();
      scrape = scrape();
    }
    PrometheusScrape last = scrape;
    assertThat(missing.stream().filter(name -> !last.has(name)).toList()).isEmpty();
  }

  /** The metric names a PromQL expression reads: identifiers that are not functions or labels. */
  static Set<String> metricNames(String expr) {
    String bare =
        expr.replaceAll("\"[^\"]*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()").matcher(bare);
    while (m.find()) {
      if (!Set.of("and", "or", "unless", "bool", "offset").contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  private Map<String, Double> growth(PrometheusScrape after, Set<String> keys) {
    Map<String, Double> out = new java.util.HashMap<>();
    for (String key : keys) {
      String name = key.substring(0, key.indexOf('|'));
      Map<String, String> labels = new java.util.HashMap<>();
      for (String pair : key.substring(key.indexOf('|') + 1).split(",")) {
        if (!pair.isEmpty()) {
          labels.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
      }
      out.put(key, after.sum(name, labels) - before.sum(name, labels));
    }
    return out;
  }

  private static boolean temporalMetricsPresent(PrometheusScrape scrape) {
    return scrape.has("temporal_workflow_task_execution_latency_seconds_bucket")
        && scrape.has("temporal_worker_task_slots_available")
        && scrape.has("temporal_request_total")
        && scrape.has("temporal_long_request_total");
  }

  private PrometheusScrape scrape() {
    Http.Response response = new Http(port, null).get("/actuator/prometheus");
    assertThat(response.status()).isEqualTo(200);
    return PrometheusScrape.parse(response.body());
  }

  private static Path dashboardFile() {
    for (Path candidate :
        List.of(
            Path.of("..", "deploy", "grafana", "dashboards", "chat-flows.json"),
            Path.of("deploy", "grafana", "dashboards", "chat-flows.json"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("deploy/grafana/dashboards/chat-flows.json not found");
  }
}
