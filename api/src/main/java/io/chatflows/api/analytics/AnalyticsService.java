package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.FlowReport;
import io.chatflows.api.analytics.AnalyticsPayloads.FlowSummary;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.api.analytics.AnalyticsPayloads.Summary;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.graph.FlowGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Computes analytics from the conversation projection and the stored messages: it streams the
 * matching conversations (with their step histories) and counts in memory. The cost grows with the
 * number of conversations in the range; see the README for what a large deployment would do.
 */
@Service
class AnalyticsService {

  private final FlowStore flows;
  private final ConversationStore conversations;
  private final MessageStore messages;

  AnalyticsService(FlowStore flows, ConversationStore conversations, MessageStore messages) {
    this.flows = flows;
    this.conversations = conversations;
    this.messages = messages;
  }

  /** One row per flow of the workspace, plus deleted flows that still have conversations. */
  Summary summary(Workspace workspace, Instant from, Instant to) {
    Map<String, StatusTally> byFlow = new LinkedHashMap<>();
    conversations.forEach(
        ConversationQuery.inWorkspace(workspace.id()).startedBetween(from, to).build(),
        c -> byFlow.computeIfAbsent(String.valueOf(c.flowId()), id -> new StatusTally()).add(c));
    List<FlowSummary> rows = new ArrayList<>();
    for (FlowDocument flow : flows.summaries(workspace.id())) {
      StatusTally tally = byFlow.remove(flow.id());
      rows.add(row(flow.id(), flow, tally != null ? tally : new StatusTally()));
    }
    byFlow.forEach((flowId, tally) -> rows.add(row(flowId, null, tally)));
    return new Summary(from, to, rows);
  }

  /** One flow's analytics; 404 when the workspace has neither the flow nor conversations of it. */
  FlowReport flow(Workspace workspace, String flowId, Integer version, Instant from, Instant to) {
    Optional<FlowDocument> flow = flows.find(workspace.id(), flowId);
    if (flow.isEmpty()
        && !conversations.exists(
            ConversationQuery.inWorkspace(workspace.id()).flow(flowId).build())) {
      throw ApiException.notFound("flow");
    }
    FlowTally tally = new FlowTally();
    List<String> ids = new ArrayList<>();
    int[] newest = {0};
    conversations.forEachWithSteps(
        ConversationQuery.inWorkspace(workspace.id())
            .flow(flowId)
            .flowVersion(version)
            .startedBetween(from, to)
            .build(),
        c -> {
          tally.add(c);
          ids.add(c.id());
          newest[0] = Math.max(newest[0], c.flowVersion());
        });
    int shown = version != null ? version : flow.map(FlowDocument::version).orElse(newest[0]);
    FlowGraph graph = graph(workspace, flowId, shown);
    List<NodeReport> nodes = tally.nodes(graph);
    MessageTally messages = messages(workspace, ids);
    tally
        .nodeCounts()
        .forEach((nodeId, counts) -> messages.rejected(nodeId, counts.type, counts.rejected));
    return new FlowReport(
        flowId,
        flow.map(FlowDocument::name).orElse(null),
        flow.isPresent(),
        version,
        graph == null ? null : shown,
        from,
        to,
        tally.statuses.counts(),
        tally.statuses.completionRate(),
        tally.statuses.durations(),
        tally.unmatched(),
        tally.stale(),
        nodes,
        tally.edges(graph),
        messages.reports(nodes));
  }

  private MessageTally messages(Workspace workspace, List<String> conversationIds) {
    MessageTally tally = new MessageTally();
    messages.sentIn(workspace.id(), conversationIds).forEach(tally::add);
    return tally;
  }

  private FlowGraph graph(Workspace workspace, String flowId, int version) {
    try {
      return flows
          .version(workspace.id(), flowId, version)
          .map(v -> FlowGraphs.parse(v.flowData()))
          .orElse(null);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static FlowSummary row(String flowId, FlowDocument flow, StatusTally tally) {
    return new FlowSummary(
        flowId,
        flow == null ? null : flow.name(),
        flow != null,
        flow == null ? null : flow.isActive(),
        flow == null ? null : flow.version(),
        tally.counts(),
        tally.completionRate(),
        tally.durations());
  }
}
