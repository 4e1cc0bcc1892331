package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Assertions on {@code GET /chat-flow/analytics/} answers. */
final class AnalyticsAssertions {

  private AnalyticsAssertions() {}

  /** Every node's entries are its starts plus the edges taken into it, and its exits plus ends. */
  static void assertAddsUp(Map<String, JsonNode> nodes, Map<String, JsonNode> edges) {
    nodes.forEach(
        (id, node) -> {
          long into =
              edges.values().stream()
                  .filter(e -> id.equals(e.get("target").asString()))
                  .mapToLong(e -> e.get("taken").asLong())
                  .sum();
          long out =
              edges.values().stream()
                  .filter(e -> id.equals(e.get("source").asString()))
                  .mapToLong(e -> e.get("taken").asLong())
                  .sum();
          long ended = 0;
          for (JsonNode count : node.get("ended")) {
            ended += count.asLong();
          }
          long entered = node.get("entered").asLong();
          assertThat(entered).as(id).isEqualTo(node.get("starts").asLong() + into);
          assertThat(node.get("exited").asLong()).as(id).isEqualTo(out);
          assertThat(entered).as(id).isEqualTo(out + node.get("active").asLong() + ended);
        });
  }

  static void assertCounts(
      JsonNode counts,
      int started,
      int active,
      int completed,
      int handedOff,
      int timedOut,
      int failed,
      int cancelled) {
    assertThat(counts.get("started").asInt()).as("started").isEqualTo(started);
    assertThat(counts.get("active").asInt()).as("active").isEqualTo(active);
    assertThat(counts.get("completed").asInt()).as("completed").isEqualTo(completed);
    assertThat(counts.get("handed_off").asInt()).as("handed_off").isEqualTo(handedOff);
    assertThat(counts.get("timed_out").asInt()).as("timed_out").isEqualTo(timedOut);
    assertThat(counts.get("failed").asInt()).as("failed").isEqualTo(failed);
    assertThat(counts.get("cancelled").asInt()).as("cancelled").isEqualTo(cancelled);
    assertThat(counts.get("interrupted").asInt()).as("interrupted").isZero();
    assertThat(counts.get("ended").asInt()).isEqualTo(started - active);
  }

  static void assertNode(
      JsonNode node,
      String type,
      int starts,
      int entered,
      int exited,
      int active,
      Map<String, Integer> ended,
      int droppedOff,
      int unmatched,
      int stale) {
    String id = node.get("node_id").asString();
    assertThat(node.get("type").asString()).as(id).isEqualTo(type);
    assertThat(node.get("starts").asInt()).as(id + " starts").isEqualTo(starts);
    assertThat(node.get("entered").asInt()).as(id + " entered").isEqualTo(entered);
    assertThat(node.get("exited").asInt()).as(id + " exited").isEqualTo(exited);
    assertThat(node.get("active").asInt()).as(id + " active").isEqualTo(active);
    Map<String, Integer> actual = new HashMap<>();
    node.get("ended").properties().forEach(e -> actual.put(e.getKey(), e.getValue().asInt()));
    assertThat(actual).as(id + " ended").isEqualTo(ended);
    assertThat(node.get("dropped_off").asInt()).as(id + " dropped_off").isEqualTo(droppedOff);
    assertThat(node.get("unmatched_replies").asInt()).as(id + " unmatched").isEqualTo(unmatched);
    assertThat(node.get("stale_clicks").asInt()).as(id + " stale").isEqualTo(stale);
  }

  static void assertEdge(
      JsonNode edge, String source, String target, String trigger, String value, int taken) {
    String id = edge.get("edge_id").asString();
    assertThat(edge.get("source").asString()).as(id).isEqualTo(source);
    assertThat(edge.get("target").asString()).as(id).isEqualTo(target);
    assertThat(edge.get("trigger").asString()).as(id).isEqualTo(trigger);
    JsonNode triggerValue = edge.get("trigger_value");
    assertThat(triggerValue == null || triggerValue.isNull() ? null : triggerValue.asString())
        .as(id)
        .isEqualTo(value);
    assertThat(edge.get("taken").asInt()).as(id + " taken").isEqualTo(taken);
  }

  static void assertMessages(
      JsonNode messages, int sent, int delivered, int read, int failed, int rejected) {
    String id = messages.get("node_id").asString();
    assertThat(messages.get("sent").asInt()).as(id + " sent").isEqualTo(sent);
    assertThat(messages.get("delivered").asInt()).as(id + " delivered").isEqualTo(delivered);
    assertThat(messages.get("read").asInt()).as(id + " read").isEqualTo(read);
    assertThat(messages.get("failed").asInt()).as(id + " failed").isEqualTo(failed);
    assertThat(messages.get("rejected").asInt()).as(id + " rejected").isEqualTo(rejected);
  }

  static Map<String, JsonNode> byId(JsonNode array, String key) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    array.forEach(item -> out.put(item.get(key).asString(), item));
    return out;
  }
}
