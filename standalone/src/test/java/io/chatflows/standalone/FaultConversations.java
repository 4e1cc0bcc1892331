package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the fault scenarios read back: conversations through the api process, the step counts that
 * show a reply applied once, and every request the Graph API stand-in received, per recipient.
 */
final class FaultConversations {

  static final Duration WAIT = Duration.ofSeconds(60);

  private final BridgeScenario scenario;
  private final GraphApiStandIn graphApi;
  private final List<GraphApiStandIn.Received> sends = new ArrayList<>();

  FaultConversations(BridgeScenario scenario, GraphApiStandIn graphApi) {
    this.scenario = scenario;
    this.graphApi = graphApi;
  }

  /**
   * node-1 sends a one-button template and waits {@code timeoutSeconds}; "Yes" (edge-1) ends the
   * conversation, the timeout (edge-2) sends a reminder template (node-2) and completes.
   */
  BridgeScenario.Flow timeoutFlow(int timeoutSeconds) {
    String ask = scenario.template("fault_ask", List.of("Yes"));
    String reminder = scenario.template("fault_reminder", List.of());
    String graph =
        """
        {"name": "Timeout flow", "is_active": true, "start_template": "%1$s", "flow_data": {
          "nodes": [
            {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
             "data": {"template_id": "%1$s", "timeout_seconds": %3$d}},
            {"id": "node-2", "type": "template", "position": {"x": 300, "y": 0},
             "data": {"template_id": "%2$s"}},
            {"id": "node-3", "type": "action", "position": {"x": 300, "y": 200},
             "data": {"action": "end"}}],
          "edges": [
            {"id": "edge-1", "source": "node-1", "target": "node-3", "label": "Button: Yes"},
            {"id": "edge-2", "source": "node-1", "target": "node-2",
             "data": {"trigger": "timeout"}}]}}
        """
            .formatted(ask, reminder, timeoutSeconds);
    Http.Response created = scenario.http().post("/chat-flow/flows/", graph);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new BridgeScenario.Flow(created.json().get("id").asString(), ask);
  }

  /** Polls the conversation (tolerating a failing api while dependencies come back). */
  JsonNode awaitStatus(String id, String status) {
    return awaitStatus(id, status, WAIT);
  }

  JsonNode awaitStatus(String id, String status, Duration wait) {
    return Waits.until(
        wait,
        "conversation " + id + " " + status,
        () -> {
          Http.Response r = scenario.http().get("/chat-flow/conversations/" + id + "/");
          return r.status() == 200 && r.json().get("status").asString().equals(status)
              ? r.json()
              : null;
        });
  }

  /** How many steps of this kind the conversation recorded, e.g. {@code reply}. */
  static long count(JsonNode conversation, String kind) {
    long n = 0;
    for (JsonNode step : conversation.get("steps")) {
      if (step.get("kind").asString().equals(kind)) {
        n++;
      }
    }
    return n;
  }

  /** The triggers of the edges taken, in order. */
  static List<String> edgesTaken(JsonNode conversation) {
    List<String> out = new ArrayList<>();
    for (JsonNode step : conversation.get("steps")) {
      if (step.get("kind").asString().equals("edge_taken")) {
        out.add(step.get("trigger").asString());
      }
    }
    return out;
  }

  /** The detail of the first step of this kind, or null. */
  static String detail(JsonNode conversation, String kind) {
    for (JsonNode step : conversation.get("steps")) {
      if (step.get("kind").asString().equals(kind)) {
        return step.get("detail").asString();
      }
    }
    return null;
  }

  /** Every request the stand-in received so far for this recipient. */
  synchronized List<GraphApiStandIn.Received> sendsTo(String contact) {
    sends.addAll(graphApi.drain());
    return sends.stream()
        .filter(r -> contact.equals(Http.JSON.readTree(r.body()).path("to").asString(null)))
        .toList();
  }

  /** The outcomes of an acknowledged delivery. */
  static List<String> outcomes(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    response.json().get("outcomes").forEach(o -> out.add(o.asString()));
    return out;
  }

  /** Redelivers (as WhatsApp does) until the delivery is acknowledged; only 5xx in between. */
  Http.Response redeliverUntilAcknowledged(String body) {
    return Waits.until(
        WAIT,
        "delivery acknowledged",
        () -> {
          Http.Response r = scenario.webhook(body);
          assertThat(r.status()).as(r.body()).isIn(200, 503);
          return r.status() == 200 ? r : null;
        });
  }
}
