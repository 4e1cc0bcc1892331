package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.store.metrics.MetricNames;
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
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Scrapes {@code /actuator/prometheus} of the embedded default after conversations on every path
 * (completed, started by a click, refused by the 24-hour window, failed on a failed status, left
 * waiting after an unmatched reply), delivery statuses and simulated messages, and checks the Chat
 * Flows meters grew by exactly that traffic, carry only bounded labels, and sit next to the
 * Temporal SDK's metrics; then checks that every metric the README lists, the Grafana dashboard
 * queries and the alerting rules read exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest extends ObservabilityTestBase {

  /** Series Prometheus makes itself (scrape health), not the application. */
  static final Set<String> PROMETHEUS_SERIES = Set.of("up");

  /** The label keys each Chat Flows meter may carry. */
  static final Map<String, Set<String>> LABELS =
      Map.ofEntries(
          Map.entry("chatflow_conversations_started_total", Set.of("flow", "source")),
          Map.entry("chatflow_conversations_ended_total", Set.of("flow", "outcome")),
          Map.entry("chatflow_conversations_active", Set.of("flow", "status")),
          Map.entry("chatflow_conversations_oldest_waiting_seconds", Set.of("flow")),
          Map.entry("chatflow_conversations_overdue", Set.of("flow")),
          Map.entry("chatflow_conversations_stuck", Set.of("flow")),
          Map.entry("chatflow_node_entries_total", Set.of("flow", "type")),
          Map.entry("chatflow_edges_taken_total", Set.of("flow", "trigger")),
          Map.entry("chatflow_replies_unmatched_total", Set.of("flow", "kind")),
          Map.entry("chatflow_messages_sent_total", Set.of("kind", "outcome", "mode")),
          Map.entry("chatflow_message_send_seconds_bucket", Set.of("kind", "outcome", "le")),
          Map.entry("chatflow_message_send_seconds_count", Set.of("kind", "outcome")),
          Map.entry("chatflow_message_send_seconds_sum", Set.of("kind", "outcome")),
          Map.entry("chatflow_message_send_seconds_max", Set.of("kind", "outcome")),
          Map.entry("chatflow_handoff_seconds_bucket", Set.of("flow", "outcome", "le")),
          Map.entry("chatflow_handoff_seconds_count", Set.of("flow", "outcome")),
          Map.entry("chatflow_handoff_seconds_sum", Set.of("flow", "outcome")),
          Map.entry("chatflow_handoff_seconds_max", Set.of("flow", "outcome")),
          Map.entry("chatflow_message_errors_total", Set.of("code", "source")),
          Map.entry("chatflow_message_statuses_total", Set.of("status")),
          Map.entry("chatflow_webhook_events_total", Set.of("kind", "result")),
          Map.entry("chatflow_webhook_handover_seconds_bucket", Set.of("result", "le")),
          Map.entry("chatflow_webhook_handover_seconds_count", Set.of("result")),
          Map.entry("chatflow_webhook_handover_seconds_sum", Set.of("result")),
          Map.entry("chatflow_webhook_handover_seconds_max", Set.of("result")),
          Map.entry("chatflow_dependency_up", Set.of("dependency")));

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
    String yes = FlowDriver.newContact();
    String no = FlowDriver.newContact();
    String silent = FlowDriver.newContact();
    String undelivered = FlowDriver.newContact();
    Map<String, String> conversations = new java.util.HashMap<>();
    for (String contact : List.of(yes, no, silent, undelivered)) {
      conversations.put(contact, driver.start(flowId, contact));
      driver.awaitWaitingAt(conversations.get(contact), "n1");
    }
    ids.addAll(conversations.values());
    // completed through n1 -> n2: two templates, then delivered and read
    driver.click(yes, "Yes");
    JsonNode completed = driver.awaitStatus(conversations.get(yes), "completed");
    driver.status(FlowDriver.messageSentAt(completed, "n1"), yes, "delivered");
    driver.status(FlowDriver.messageSentAt(completed, "n1"), yes, "read");
    // a reply that matches no button: counted as unmatched, answered with the default re-prompt
    // (a session text message), the conversation keeps waiting
    driver.text(silent, "maybe later");
    driver.await(
        conversations.get(silent),
        c -> c.get("step_count").asInt() == 4 && c.get("status").asString().equals("waiting"));
    // failed: WhatsApp reports the start template undeliverable (131026); no delivery_failed edge
    JsonNode waitingUndelivered = driver.awaitWaitingAt(conversations.get(undelivered), "n1");
    driver.status(FlowDriver.messageSentAt(waitingUndelivered, "n1"), undelivered, "failed");
    driver.awaitStatus(conversations.get(undelivered), "failed");
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
    String refused = driver.start(refusedFlow, FlowDriver.newContact());
    ids.add(refused);
    driver.awaitStatus(refused, "failed");
  }

  @Test
  @Timeout(90)
  void givenTrafficOnEveryPath_whenScrapingPrometheus_itCountsItExactlyWithBoundedLabels() {
    Map<String, Double> expected =
        Map.ofEntries(
            Map.entry("chatflow_conversations_started_total|source=api", 5.0),
            Map.entry("chatflow_conversations_started_total|source=webhook", 1.0),
            Map.entry("chatflow_conversations_ended_total|outcome=completed", 3.0),
            Map.entry("chatflow_conversations_ended_total|outcome=failed", 2.0),
            Map.entry("chatflow_conversations_ended_total|outcome=timed_out", 0.0),
            Map.entry("chatflow_node_entries_total|type=template", 8.0),
            Map.entry("chatflow_node_entries_total|type=action", 2.0),
            Map.entry("chatflow_edges_taken_total|trigger=button_click", 3.0),
            Map.entry("chatflow_edges_taken_total|trigger=default", 1.0),
            Map.entry("chatflow_replies_unmatched_total|kind=unmatched", 1.0),
            Map.entry("chatflow_replies_unmatched_total|kind=stale_click", 0.0),
            Map.entry("chatflow_messages_sent_total|kind=template,outcome=sent,mode=sandbox", 7.0),
            Map.entry("chatflow_messages_sent_total|kind=text,outcome=sent,mode=sandbox", 1.0),
            Map.entry("chatflow_messages_sent_total|kind=session,outcome=sent,mode=sandbox", 1.0),
            Map.entry(
                "chatflow_messages_sent_total|kind=text,outcome=window_closed,mode=sandbox", 1.0),
            Map.entry("chatflow_messages_sent_total|kind=text,outcome=permanent_error", 0.0),
            Map.entry("chatflow_message_send_seconds_count|kind=template,outcome=sent", 7.0),
            Map.entry("chatflow_message_send_seconds_count|kind=text,outcome=sent", 1.0),
            Map.entry("chatflow_message_statuses_total|status=delivered", 1.0),
            Map.entry("chatflow_message_statuses_total|status=read", 1.0),
            Map.entry("chatflow_message_statuses_total|status=failed", 1.0),
            Map.entry("chatflow_message_errors_total|code=131026,source=status", 1.0),
            Map.entry("chatflow_message_errors_total|source=send", 0.0),
            Map.entry("chatflow_webhook_events_total|kind=button,result=signalled", 2.0),
            Map.entry("chatflow_webhook_events_total|kind=button,result=started", 1.0),
            Map.entry("chatflow_webhook_events_total|kind=text,result=signalled", 1.0),
            Map.entry("chatflow_webhook_events_total|kind=status,result=recorded", 2.0),
            Map.entry("chatflow_webhook_events_total|kind=status,result=signalled", 1.0),
            Map.entry("chatflow_webhook_handover_seconds_count|result=ok", 7.0),
            Map.entry("chatflow_conversations_active|status=waiting", 1.0),
            Map.entry("chatflow_conversations_active|status=running", 0.0));
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
        if (sample.labels().containsKey("code")) {
          assertThat(MetricNames.ERROR_CODES).contains(sample.labels().get("code"));
        }
      }
    }
  }

  @Test
  @Timeout(90)
  void givenTheReadmeDashboardAndAlerts_whenReadingTheirMetrics_everyOneIsExported()
      throws IOException {
    JsonNode dashboard =
        Http.JSON.readTree(
            Files.readString(repositoryFile("deploy/grafana/dashboards/chat-flows.json")));
    Set<String> dashboardQueries = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      if (panel.get("type").asString().equals("row")) {
        continue;
      }
      assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("prometheus");
      assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
      panel
          .get("targets")
          .forEach(t -> dashboardQueries.addAll(metricNames(t.get("expr").asString())));
    }
    assertThat(dashboardQueries)
        .contains(
            "chatflow_conversations_started_total",
            "chatflow_conversations_ended_total",
            "chatflow_conversations_active",
            "chatflow_conversations_oldest_waiting_seconds",
            "chatflow_conversations_stuck",
            "chatflow_conversations_overdue",
            "chatflow_node_entries_total",
            "chatflow_edges_taken_total",
            "chatflow_replies_unmatched_total",
            "chatflow_messages_sent_total",
            "chatflow_message_errors_total",
            "chatflow_message_statuses_total",
            "chatflow_message_send_seconds_bucket",
            "chatflow_webhook_events_total",
            "chatflow_webhook_handover_seconds_bucket",
            "chatflow_dependency_up",
            "temporal_workflow_task_execution_latency_seconds_bucket",
            "temporal_worker_task_slots_available",
            "temporal_request_total",
            "temporal_long_request_total");
    JsonNode variable = dashboard.get("templating").get("list").get(0);
    assertThat(variable.get("name").asString()).isEqualTo("flow");
    dashboardQueries.addAll(
        metricNames(
            variable
                .get("query")
                .get("query")
                .asString()
                .replaceAll("^label_values\\((\\w+),.*$", "$1")));

    Set<String> alertQueries = new TreeSet<>();
    Map<String, Object> rules =
        new Yaml().load(Files.readString(repositoryFile("deploy/prometheus/alerts.yml")));
    for (Object group : (List<?>) rules.get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        Map<?, ?> alert = (Map<?, ?>) rule;
        Map<?, ?> annotations = (Map<?, ?>) alert.get("annotations");
        assertThat(annotations.get("summary")).as(alert.get("alert").toString()).isNotNull();
        String runbook = annotations.get("runbook_url").toString();
        assertThat(runbook).startsWith("README.md#");
        assertThat(readmeAnchors()).as(runbook).contains(runbook.substring("README.md#".length()));
        alertQueries.addAll(metricNames(alert.get("expr").toString()));
      }
    }
    alertQueries.removeAll(PROMETHEUS_SERIES);

    Set<String> documented = readmeMetrics();
    assertThat(documented).containsAll(LABELS.keySet());

    Set<String> expected = new TreeSet<>(dashboardQueries);
    expected.addAll(alertQueries);
    expected.addAll(documented);
    Instant deadline = Instant.now().plusSeconds(60);
    PrometheusScrape scrape = scrape();
    while (!expected.stream().allMatch(scrape::has) && Instant.now().isBefore(deadline)) {
      FlowDriver.pause();
      scrape = scrape();
    }
    PrometheusScrape last = scrape;
    assertThat(expected.stream().filter(name -> !last.has(name)).toList()).isEmpty();
    // and the README lists every Chat Flows metric the process exports
    Set<String> exported = new TreeSet<>();
    last.samples().stream()
        .map(PrometheusScrape.Sample::name)
        .filter(name -> name.startsWith("chatflow_"))
        .forEach(exported::add);
    assertThat(documented).containsAll(exported);
  }

  /** The {@code chatflow_*} metric names in the README's Metrics table, timers expanded. */
  static Set<String> readmeMetrics() throws IOException {
    String readme = Files.readString(repositoryFile("README.md"));
    String section = readme.substring(readme.indexOf("\n## Metrics"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> names = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `(chatflow_[a-z_]+)(?:\\{([a-z,]+)})?`").matcher(section);
    while (row.find()) {
      if (row.group(2) == null) {
        names.add(row.group(1));
      } else {
        for (String suffix : row.group(2).split(",")) {
          names.add(row.group(1) + suffix);
        }
      }
    }
    return names;
  }

  /** The anchors of the README's headings, as GitHub derives them. */
  static Set<String> readmeAnchors() throws IOException {
    Set<String> anchors = new TreeSet<>();
    for (String line : Files.readAllLines(repositoryFile("README.md"))) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
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

  private static Path repositoryFile(String path) {
    for (Path candidate : List.of(Path.of("..").resolve(path), Path.of(path))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(path + " not found");
  }
}
