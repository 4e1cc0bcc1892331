package io.chatflows.api.analytics;

import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.message.MessageDocument;
import java.util.Map;

/** Sends and delivery outcomes by node and kind, from the stored messages and their statuses. */
final class MessageTally {

  private final FlowCounts counts;

  MessageTally(FlowCounts counts) {
    this.counts = counts;
  }

  void add(MessageDocument message) {
    FlowCounts.MessageCounts m =
        counts.message(String.valueOf(message.nodeId()), String.valueOf(message.kind()));
    m.templateName = m.templateName != null ? m.templateName : message.templateName();
    Map<String, ?> statuses = message.statuses() == null ? Map.of() : message.statuses();
    m.sent++;
    m.delivered += statuses.containsKey("delivered") || statuses.containsKey("read") ? 1 : 0;
    m.read += statuses.containsKey("read") ? 1 : 0;
    m.failed += statuses.containsKey("failed") ? 1 : 0;
  }
}
