package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.MessageReport;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.store.message.MessageDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delivery outcomes of the messages each node sent, from the stored messages' statuses. */
final class MessageTally {

  private static final class Counts {
    String templateName;
    long sent;
    long delivered;
    long read;
    long failed;
    long rejected;
  }

  private final Map<String, Counts> byNodeAndKind = new LinkedHashMap<>();

  void add(MessageDocument message) {
    Counts counts = counts(message.nodeId(), message.kind());
    counts.templateName =
        counts.templateName != null ? counts.templateName : message.templateName();
    Map<String, ?> statuses = message.statuses() == null ? Map.of() : message.statuses();
    counts.sent++;
    counts.delivered += statuses.containsKey("delivered") || statuses.containsKey("read") ? 1 : 0;
    counts.read += statuses.containsKey("read") ? 1 : 0;
    counts.failed += statuses.containsKey("failed") ? 1 : 0;
  }

  /** Sends refused outright at a node; a template node sends templates, an action sends text. */
  void rejected(String nodeId, String nodeType, long count) {
    if (count > 0) {
      counts(nodeId, "template".equals(nodeType) ? "template" : "text").rejected += count;
    }
  }

  /** One row per node and kind, in the order of {@code nodes}. */
  List<MessageReport> reports(List<NodeReport> nodes) {
    List<MessageReport> out = new ArrayList<>();
    Map<String, Counts> left = new LinkedHashMap<>(byNodeAndKind);
    List<String> order = new ArrayList<>(nodes.stream().map(NodeReport::nodeId).toList());
    byNodeAndKind.keySet().forEach(key -> order.add(key.substring(0, key.lastIndexOf('|'))));
    for (String nodeId : order) {
      for (String kind : List.of("template", "text")) {
        Counts c = left.remove(nodeId + "|" + kind);
        if (c != null) {
          out.add(
              new MessageReport(
                  nodeId, kind, c.templateName, c.sent, c.delivered, c.read, c.failed, c.rejected));
        }
      }
    }
    return out;
  }

  private Counts counts(String nodeId, String kind) {
    return byNodeAndKind.computeIfAbsent(nodeId + "|" + kind, key -> new Counts());
  }
}
