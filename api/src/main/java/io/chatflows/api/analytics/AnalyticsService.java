package io.chatflows.api.analytics;

import io.chatflows.api.analytics.AnalyticsPayloads.AgentTime;
import io.chatflows.api.analytics.AnalyticsPayloads.FlowReport;
import io.chatflows.api.analytics.AnalyticsPayloads.FlowSummary;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.api.analytics.AnalyticsPayloads.Summary;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.graph.FlowGraph;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * Analytics of a workspace's flows, read from the counters ({@link FlowCounters}: one document per
 * flow version and hour of conversation start, kept with every recorded step), so the cost of an
 * answer grows with the number of hours it covers, not with the number of conversations. A {@code
 * from} or {@code to} inside an hour is answered for that part of the hour by replaying the
 * conversations that started in it ({@link #replay}).
 */
@Service
class AnalyticsService {

  private static final int MAX_GRAPHS = 256;

  private final FlowStore flows;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final FlowCounters counters;

  private final Map<String, FlowGraph> graphs = new ConcurrentHashMap<>();

  AnalyticsService(
      FlowStore flows,
      ConversationStore conversations,
      MessageStore messages,
      FlowCounters counters) {
    this.flows = flows;
    this.conversations = conversations;
    this.messages = messages;
    this.counters = counters;
  }

  /** One row per flow of the workspace, plus deleted flows that still have conversations. */
  Summary summary(Workspace workspace, Instant from, Instant to) {
    List<FlowSummary> rows = new ArrayList<>();
    Set<String> deleted = new LinkedHashSet<>(counters.flows(workspace.id()));
    for (FlowDocument flow : flows.summaries(workspace.id())) {
      deleted.remove(flow.id());
      rows.add(row(flow.id(), flow, counts(workspace, flow.id(), null, from, to, false)));
    }
    for (String flowId : deleted) {
      FlowCounts counts = counts(workspace, flowId, null, from, to, false);
      if (counts.started != 0) {
        rows.add(row(flowId, null, counts));
      }
    }
    return new Summary(from, to, rows);
  }

  /** One flow's analytics; 404 when the workspace has neither the flow nor conversations of it. */
  FlowReport flow(Workspace workspace, String flowId, Integer version, Instant from, Instant to) {
    Optional<FlowDocument> flow = flows.find(workspace.id(), flowId);
    if (flow.isEmpty() && !counters.hasCounts(workspace.id(), flowId)) {
      throw ApiException.notFound("flow");
    }
    FlowCounts counts = counts(workspace, flowId, version, from, to, true);
    int shown =
        version != null
            ? version
            : flow.map(f -> f.startVersion() != null ? f.startVersion() : f.version())
                .orElseGet(() -> counters.newestVersion(workspace.id(), flowId, from, to));
    FlowGraph graph = graph(workspace, flowId, shown);
    StatusTally statuses = new StatusTally(counts);
    List<NodeReport> nodes = FlowReports.nodes(counts, graph);
    return new FlowReport(
        flowId,
        flow.map(FlowDocument::name).orElse(null),
        flow.isPresent(),
        version,
        graph == null ? null : shown,
        from,
        to,
        statuses.counts(),
        statuses.completionRate(),
        statuses.durations(),
        AgentTime.of(counts),
        counts.unmatched,
        counts.stale,
        nodes,
        FlowReports.edges(counts, graph),
        FlowReports.messages(counts, nodes));
  }

  /**
   * The counts of the flow's conversations that started in {@code [from, to)}: the counters of the
   * whole hours in the range, plus a replay of the conversations that started in the parts of an
   * hour at either end.
   */
  private FlowCounts counts(
      Workspace workspace,
      String flowId,
      Integer version,
      Instant from,
      Instant to,
      boolean withSteps) {
    Instant wholeFrom = from == null ? null : ceilHour(from);
    Instant wholeTo = to == null ? null : to.truncatedTo(ChronoUnit.HOURS);
    if (wholeFrom != null && wholeTo != null && !wholeFrom.isBefore(wholeTo)) {
      return replay(workspace, flowId, version, from, to, withSteps);
    }
    FlowCounts counts = counters.sum(workspace.id(), flowId, version, wholeFrom, wholeTo);
    if (from != null && from.isBefore(wholeFrom)) {
      counts.add(replay(workspace, flowId, version, from, wholeFrom, withSteps));
    }
    if (to != null && wholeTo.isBefore(to)) {
      counts.add(replay(workspace, flowId, version, wholeTo, to, withSteps));
    }
    return counts;
  }

  private static Instant ceilHour(Instant at) {
    Instant hour = at.truncatedTo(ChronoUnit.HOURS);
    return hour.equals(at) ? hour : hour.plus(1, ChronoUnit.HOURS);
  }

  /**
   * Counts the conversations that started in {@code [from, to)} from their recorded histories and
   * messages: what the counters hold, computed from the conversations themselves. Its cost grows
   * with the conversations in the range.
   */
  FlowCounts replay(
      Workspace workspace,
      String flowId,
      Integer version,
      Instant from,
      Instant to,
      boolean withSteps) {
    FlowCounts counts = new FlowCounts();
    ConversationQuery which =
        ConversationQuery.inWorkspace(workspace.id())
            .flow(flowId)
            .flowVersion(version)
            .startedBetween(from, to)
            .build();
    if (!withSteps) {
      conversations.forEach(which, new StatusTally(counts)::add);
      return counts;
    }
    FlowTally tally = new FlowTally(counts);
    List<String> ids = new ArrayList<>();
    conversations.forEachWithSteps(
        which,
        c -> {
          tally.add(c);
          ids.add(c.id());
        });
    MessageTally sent = new MessageTally(counts);
    messages.sentIn(workspace.id(), ids).forEach(sent::add);
    return counts;
  }

  /**
   * The graph of a flow version, which never changes (a changed graph is a new version): read and
   * parsed once, then kept ({@value #MAX_GRAPHS} at most).
   */
  private FlowGraph graph(Workspace workspace, String flowId, int version) {
    String key = workspace.id() + "/" + flowId + "/" + version;
    FlowGraph kept = graphs.get(key);
    if (kept != null) {
      return kept;
    }
    FlowGraph graph;
    try {
      graph =
          flows
              .version(workspace.id(), flowId, version)
              .map(v -> FlowGraphs.parse(v.flowData()))
              .orElse(null);
    } catch (RuntimeException unreadable) {
      return null;
    }
    if (graph != null) {
      if (graphs.size() >= MAX_GRAPHS) {
        graphs.clear();
      }
      graphs.put(key, graph);
    }
    return graph;
  }

  private static FlowSummary row(String flowId, FlowDocument flow, FlowCounts counts) {
    StatusTally tally = new StatusTally(counts);
    return new FlowSummary(
        flowId,
        flow == null ? null : flow.name(),
        flow != null,
        flow == null ? null : flow.isActive(),
        flow == null ? null : flow.version(),
        tally.counts(),
        tally.completionRate(),
        tally.durations(),
        AgentTime.of(counts));
  }
}
