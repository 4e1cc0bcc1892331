package io.chatflows.standalone;

import static io.chatflows.standalone.AnalyticsAssertions.assertAddsUp;
import static io.chatflows.standalone.AnalyticsAssertions.assertCounts;
import static io.chatflows.standalone.AnalyticsAssertions.assertEdge;
import static io.chatflows.standalone.AnalyticsAssertions.assertMessages;
import static io.chatflows.standalone.AnalyticsAssertions.assertNode;
import static io.chatflows.standalone.AnalyticsAssertions.byId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Runs conversations through a branching flow over real HTTP — every button clicked, a timeout, a
 * failed delivery, a cancel, an unmatched reply, a stale click, one left waiting — and checks the
 * exact numbers {@code GET /chat-flow/analytics/} reports, and that they add up.
 */
class AnalyticsTest extends ObservabilityTestBase {

  /**
   * node-1 welcome [Track Order → node-2, Talk to an agent → node-3, Just browsing → node-5];
   * node-2 arrived? [Yes → node-4, No → node-3]; node-3 hands off; node-4 says bye (completes);
   * node-5 waits 2 s for any text (no timeout edge: times out).
   */
  static String supportFlow(String welcome, String arrived, String bye, String more) {
    return """
        {"name": "Support Flow", "is_active": true, "start_template": "%1$s",
         "flow_data": {
           "nodes": [
             {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
              "data": {"template_id": "%1$s"}},
             {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
              "data": {"template_id": "%2$s"}},
             {"id": "node-3", "type": "action", "position": {"x": 300, "y": 200},
              "data": {"action": "assign", "team": "support", "handoff": true}},
             {"id": "node-4", "type": "template", "position": {"x": 600, "y": 0},
              "data": {"template_id": "%3$s"}},
             {"id": "node-5", "type": "template", "position": {"x": 300, "y": 400},
              "data": {"template_id": "%4$s", "timeout_seconds": 2}}],
           "edges": [
             {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Track Order"},
             {"id": "edge-2", "source": "node-1", "target": "node-3", "label": "Button: Talk to an agent"},
             {"id": "edge-3", "source": "node-1", "target": "node-5", "label": "Button: Just browsing"},
             {"id": "edge-4", "source": "node-2", "target": "node-4", "label": "Button: Yes"},
             {"id": "edge-5", "source": "node-2", "target": "node-3", "label": "Button: No"},
             {"id": "edge-6", "source": "node-5", "target": "node-4",
              "data": {"trigger": "text_reply", "trigger_value": ""}}]}}
        """
        .formatted(welcome, arrived, bye, more);
  }

  @Test
  @Timeout(120)
  void givenConversationsOnEveryBranch_whenReadingTheFlowsAnalytics_itCountsEveryStepExactly() {
    Http http = http();
    FlowDriver driver = new FlowDriver(http);
    Instant before = Instant.now();
    String welcome =
        driver.template("How can we help?", "Track Order", "Talk to an agent", "Just browsing");
    String arrived = driver.template("Did your order arrive?", "Yes", "No");
    String bye = driver.template("Thanks, bye!");
    String more = driver.template("Anything else? Just write.");
    String flowId = driver.flow(supportFlow(welcome, arrived, bye, more));

    Map<String, String> contacts = new HashMap<>();
    Map<String, String> ids = new HashMap<>();
    for (String who : List.of("a", "b", "c", "d", "e", "f", "g")) {
      contacts.put(who, FlowDriver.newContact());
      ids.put(who, driver.start(flowId, contacts.get(who)));
    }
    Map<String, JsonNode> atStart = new HashMap<>();
    ids.forEach((who, id) -> atStart.put(who, driver.awaitWaitingAt(id, "node-1")));

    // a: Track Order, Yes -> completed at node-4 (its welcome was delivered and read)
    String aWelcome = FlowDriver.messageSentAt(atStart.get("a"), "node-1");
    driver.status(aWelcome, contacts.get("a"), "delivered");
    driver.status(aWelcome, contacts.get("a"), "read");
    driver.click(contacts.get("a"), "Track Order");
    driver.awaitWaitingAt(ids.get("a"), "node-2");
    driver.click(contacts.get("a"), "Yes");
    // b: Track Order, No -> handed off at node-3
    driver.click(contacts.get("b"), "Track Order");
    driver.awaitWaitingAt(ids.get("b"), "node-2");
    driver.click(contacts.get("b"), "No");
    // c: Talk to an agent -> handed off at node-3
    driver.click(contacts.get("c"), "Talk to an agent");
    // d: Just browsing -> times out at node-5 after 2 s
    driver.click(contacts.get("d"), "Just browsing");
    // e: an unmatched text, Track Order, a stale click on the welcome's button, then cancelled
    driver.text(contacts.get("e"), "hello?");
    driver.click(contacts.get("e"), "Track Order");
    driver.awaitWaitingAt(ids.get("e"), "node-2");
    assertThat(
            driver.clickOn(
                contacts.get("e"),
                "Talk to an agent",
                FlowDriver.messageSentAt(atStart.get("e"), "node-1")))
        .isEqualTo("signalled");
    driver.await(ids.get("e"), c -> c.get("step_count").asInt() >= 8);
    assertThat(http.post("/chat-flow/conversations/" + ids.get("e") + "/cancel/", "").status())
        .isEqualTo(202);
    // f: the welcome template could not be delivered -> failed at node-1
    driver.status(
        FlowDriver.messageSentAt(atStart.get("f"), "node-1"), contacts.get("f"), "failed");
    // g: never answers -> still waiting at node-1

    driver.awaitStatus(ids.get("a"), "completed");
    driver.awaitStatus(ids.get("b"), "handed_off");
    driver.awaitStatus(ids.get("c"), "handed_off");
    driver.awaitStatus(ids.get("d"), "timed_out");
    driver.awaitStatus(ids.get("e"), "cancelled");
    driver.awaitStatus(ids.get("f"), "failed");

    Http.Response response = http.get("/chat-flow/analytics/?flow=" + flowId);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode report = response.json();
    assertThat(report.get("name").asString()).isEqualTo("Support Flow");
    assertThat(report.get("exists").asBoolean()).isTrue();
    assertThat(report.get("graph_version").asInt()).isEqualTo(1);
    assertCounts(report.get("conversations"), 7, 1, 1, 2, 1, 1, 1);
    assertThat(report.get("completion_rate").asDouble()).isCloseTo(1.0 / 6, within(0.0001));
    JsonNode durations = report.get("duration_seconds");
    assertThat(durations.get("count").asInt()).isEqualTo(6);
    assertThat(durations.get("p50").asDouble())
        .isLessThanOrEqualTo(durations.get("p90").asDouble());
    assertThat(durations.get("p90").asDouble()).isGreaterThanOrEqualTo(2.0);
    assertThat(durations.get("avg").asDouble()).isPositive();
    assertThat(report.get("unmatched_replies").asInt()).isEqualTo(1);
    assertThat(report.get("stale_clicks").asInt()).isEqualTo(1);

    Map<String, JsonNode> nodes = byId(report.get("nodes"), "node_id");
    assertThat(nodes.keySet()).containsExactly("node-1", "node-2", "node-3", "node-4", "node-5");
    assertNode(nodes.get("node-1"), "template", 7, 7, 5, 1, Map.of("failed", 1), 1, 1, 0);
    assertNode(nodes.get("node-2"), "template", 0, 3, 2, 0, Map.of("cancelled", 1), 1, 0, 1);
    assertNode(nodes.get("node-3"), "action", 0, 2, 0, 0, Map.of("handed_off", 2), 0, 0, 0);
    assertNode(nodes.get("node-4"), "template", 0, 1, 0, 0, Map.of("completed", 1), 0, 0, 0);
    assertNode(nodes.get("node-5"), "template", 0, 1, 0, 0, Map.of("timed_out", 1), 1, 0, 0);
    assertThat(nodes.get("node-1").get("drop_off_rate").asDouble())
        .isCloseTo(1.0 / 7, within(0.0001));
    assertThat(nodes.get("node-5").get("drop_off_rate").asDouble()).isEqualTo(1.0);

    Map<String, JsonNode> edges = byId(report.get("edges"), "edge_id");
    assertEdge(edges.get("edge-1"), "node-1", "node-2", "button_click", "Track Order", 3);
    assertEdge(edges.get("edge-2"), "node-1", "node-3", "button_click", "Talk to an agent", 1);
    assertEdge(edges.get("edge-3"), "node-1", "node-5", "button_click", "Just browsing", 1);
    assertEdge(edges.get("edge-4"), "node-2", "node-4", "button_click", "Yes", 1);
    assertEdge(edges.get("edge-5"), "node-2", "node-3", "button_click", "No", 1);
    assertEdge(edges.get("edge-6"), "node-5", "node-4", "text_reply", "", 0);
    assertThat(edges.get("edge-1").get("label").asString()).isEqualTo("Button: Track Order");
    assertAddsUp(nodes, edges);

    Map<String, JsonNode> messages = byId(report.get("messages"), "node_id");
    assertThat(messages.keySet()).containsExactly("node-1", "node-2", "node-4", "node-5");
    // node-1's 7 templates and the re-prompt that answered e's unmatched "hello?"
    assertMessages(messages.get("node-1"), 8, 1, 1, 1, 0);
    assertMessages(messages.get("node-2"), 3, 0, 0, 0, 0);
    assertMessages(messages.get("node-4"), 1, 0, 0, 0, 0);
    assertMessages(messages.get("node-5"), 1, 0, 0, 0, 0);

    JsonNode inRange =
        http.get("/chat-flow/analytics/?flow=" + flowId + "&from=" + before + "&version=1").json();
    assertThat(inRange.get("conversations").get("started").asInt()).isEqualTo(7);
    JsonNode otherVersion = http.get("/chat-flow/analytics/?flow=" + flowId + "&version=2").json();
    assertThat(otherVersion.get("conversations").get("started").asInt()).isZero();
    JsonNode later =
        http.get("/chat-flow/analytics/?flow=" + flowId + "&from=" + Instant.now()).json();
    assertThat(later.get("conversations").get("started").asInt()).isZero();
    assertThat(later.get("nodes").get(0).get("entered").asInt()).isZero();
    JsonNode earlier = http.get("/chat-flow/analytics/?flow=" + flowId + "&to=" + before).json();
    assertThat(earlier.get("conversations").get("started").asInt()).isZero();

    JsonNode summary = http.get("/chat-flow/analytics/").json();
    JsonNode row = byId(summary.get("flows"), "flow").get(flowId);
    assertThat(row.get("name").asString()).isEqualTo("Support Flow");
    assertCounts(row.get("conversations"), 7, 1, 1, 2, 1, 1, 1);
    assertThat(row.get("completion_rate").asDouble()).isCloseTo(1.0 / 6, within(0.0001));

    // A changed graph is version 2; the analytics of each version shows that version's graph.
    String graph = http.get("/chat-flow/flows/" + flowId).json().get("flow_data").toString();
    String withNode6 =
        graph.replaceFirst(
            "\"nodes\":\\[",
            "\"nodes\":[{\"id\":\"node-6\",\"type\":\"template\",\"position\":{\"x\":0,\"y\":600},"
                + "\"data\":{\"template_id\":\""
                + bye
                + "\"}},");
    Http.Response changed =
        http.patch("/chat-flow/flows/" + flowId, "{\"flow_data\": " + withNode6 + "}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().get("version").asInt()).isEqualTo(2);
    for (int version : new int[] {1, 2, 1}) {
      JsonNode ofVersion =
          http.get("/chat-flow/analytics/?flow=" + flowId + "&version=" + version).json();
      assertThat(ofVersion.get("graph_version").asInt()).isEqualTo(version);
      assertThat(byId(ofVersion.get("nodes"), "node_id").keySet())
          .as("version %d", version)
          .hasSize(version == 1 ? 5 : 6);
    }
  }

  @Test
  @Timeout(60)
  void givenASendTheApiRefuses_whenReadingTheFlowsAnalytics_itCountsItRejectedAndDroppedOff() {
    FlowDriver driver = new FlowDriver(http());
    String hello = driver.template("Hello!");
    String flowId =
        driver.flow(
            """
            {"name": "Text Flow", "is_active": true, "start_template": "%1$s",
             "flow_data": {
               "nodes": [
                 {"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
                  "data": {"template_id": "%1$s"}},
                 {"id": "n2", "type": "action", "position": {"x": 0, "y": 100},
                  "data": {"action": "send_text", "text": "Outside the 24-hour window"}}],
               "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}}
            """
                .formatted(hello));
    driver.awaitStatus(driver.start(flowId, FlowDriver.newContact()), "failed");

    JsonNode report = http().get("/chat-flow/analytics/?flow=" + flowId).json();
    assertCounts(report.get("conversations"), 1, 0, 0, 0, 0, 1, 0);
    Map<String, JsonNode> nodes = byId(report.get("nodes"), "node_id");
    assertNode(nodes.get("n1"), "template", 1, 1, 1, 0, Map.of(), 0, 0, 0);
    assertNode(nodes.get("n2"), "action", 0, 1, 0, 0, Map.of("failed", 1), 1, 0, 0);
    assertEdge(byId(report.get("edges"), "edge_id").get("e1"), "n1", "n2", "default", null, 1);
    Map<String, JsonNode> messages = byId(report.get("messages"), "node_id");
    assertMessages(messages.get("n1"), 1, 0, 0, 0, 0);
    assertMessages(messages.get("n2"), 0, 0, 0, 0, 1);
    assertThat(messages.get("n2").get("kind").asString()).isEqualTo("text");

    assertThat(http().delete("/chat-flow/flows/" + flowId + "/").status()).isEqualTo(204);
    JsonNode deleted = http().get("/chat-flow/analytics/?flow=" + flowId).json();
    assertThat(deleted.get("exists").asBoolean()).isFalse();
    assertThat(deleted.get("name").isNull()).isTrue();
    assertCounts(deleted.get("conversations"), 1, 0, 0, 0, 0, 1, 0);
    assertThat(deleted.get("nodes").get(1).get("dropped_off").asInt()).isEqualTo(1);
    JsonNode row =
        byId(http().get("/chat-flow/analytics/").json().get("flows"), "flow").get(flowId);
    assertThat(row.get("exists").asBoolean()).isFalse();
    assertThat(row.get("conversations").get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void givenBadParametersOrAnotherWorkspacesFlow_whenReadingAnalytics_itAnswersProblemJson() {
    Http http = http();
    Http.Response badFrom = http.get("/chat-flow/analytics/?flow=x&from=yesterday");
    assertThat(badFrom.status()).isEqualTo(400);
    assertThat(badFrom.contentType()).startsWith("application/problem+json");
    assertThat(badFrom.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    Http.Response badTo = http.get("/chat-flow/analytics?to=2026-13-01");
    assertThat(badTo.status()).isEqualTo(400);
    assertThat(badTo.contentType()).startsWith("application/problem+json");
    Http.Response reversed =
        http.get("/chat-flow/analytics/?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    assertThat(reversed.status()).isEqualTo(400);
    Http.Response badVersion = http.get("/chat-flow/analytics/?flow=x&version=two");
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(badVersion.contentType()).startsWith("application/problem+json");

    Http.Response unknown = http.get("/chat-flow/analytics/?flow=no-such-flow");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");

    FlowDriver driver = new FlowDriver(http);
    String hello = driver.template("Hello!");
    String flowId =
        driver.flow(
            """
            {"name": "Mine", "is_active": true, "start_template": "%1$s",
             "flow_data": {"nodes": [{"id": "n1", "type": "template", "position": {"x": 0, "y": 0},
                                      "data": {"template_id": "%1$s"}}], "edges": []}}
            """
                .formatted(hello));
    Http.Response draft =
        http.post("/chat-flow/flows/", "{\"name\": \"Deleted\", \"is_active\": false}");
    assertThat(draft.status()).as(draft.body()).isEqualTo(201);
    String unused = draft.json().get("id").asString();
    assertThat(http.delete("/chat-flow/flows/" + unused + "/").status()).isEqualTo(204);
    assertThat(http.get("/chat-flow/analytics/?flow=" + unused).status()).isEqualTo(404);
    Http.Response workspace =
        http.withToken(ADMIN_TOKEN).post("/admin/workspaces/", "{\"name\": \"Other\"}");
    assertThat(workspace.status()).as(workspace.body()).isEqualTo(201);
    Http other = http.withToken(workspace.json().get("token").asString());
    Http.Response foreign = other.get("/chat-flow/analytics/?flow=" + flowId);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.contentType()).startsWith("application/problem+json");
    assertThat(other.get("/chat-flow/analytics/").json().get("flows")).isEmpty();
    assertThat(byId(http.get("/chat-flow/analytics/").json().get("flows"), "flow"))
        .containsKey(flowId);
  }
}
