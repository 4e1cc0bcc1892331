package io.chatflows.api.analytics;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.api.analytics.AnalyticsPayloads.FlowReport;
import io.chatflows.api.analytics.AnalyticsPayloads.FlowSummary;
import io.chatflows.api.analytics.AnalyticsPayloads.NodeReport;
import io.chatflows.api.analytics.AnalyticsPayloads.Summary;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.workflows.graph.FlowGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Computes analytics from the conversation projection and the stored messages: it streams the
 * matching conversations (with their step histories) and counts in memory. The cost grows with the
 * number of conversations in the range; see the README for what a large deployment would do.
 */
@Service
class AnalyticsService {

  private static final int ID_BATCH = 500;

  private final MongoTemplate mongo;
  private final FlowStore flows;
  private final ConversationStore conversations;

  AnalyticsService(MongoTemplate mongo, FlowStore flows, ConversationStore conversations) {
    this.mongo = mongo;
    this.flows = flows;
    this.conversations = conversations;
  }

  /** One row per flow of the workspace, plus deleted flows that still have conversations. */
  Summary summary(Workspace workspace, Instant from, Instant to) {
    Map<String, StatusTally> byFlow = new LinkedHashMap<>();
    Query conversations = query(filter(workspace, null, null, from, to));
    conversations.fields().exclude("steps").exclude("variables");
    stream(
        conversations,
        c -> byFlow.computeIfAbsent(String.valueOf(c.flowId()), id -> new StatusTally()).add(c));
    List<FlowSummary> rows = new ArrayList<>();
    for (FlowDocument flow :
        flows.page(where("workspaceId").is(workspace.id()), Sort.by("createdAt", "_id"), 0, 0)) {
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
        && !mongo.exists(
            query(where("workspaceId").is(workspace.id()).and("flowId").is(flowId)),
            ConversationDocument.class)) {
      throw ApiException.notFound("flow");
    }
    FlowTally tally = new FlowTally();
    List<String> ids = new ArrayList<>();
    int[] newest = {0};
    Query query = query(filter(workspace, flowId, version, from, to));
    query.fields().exclude("variables");
    Consumer<List<ConversationDocument>> count =
        chunk -> {
          for (ConversationDocument c : conversations.withSteps(chunk)) {
            tally.add(c);
            ids.add(c.id());
            newest[0] = Math.max(newest[0], c.flowVersion());
          }
        };
    List<ConversationDocument> chunk = new ArrayList<>(ID_BATCH);
    stream(
        query,
        c -> {
          chunk.add(c);
          if (chunk.size() == ID_BATCH) {
            count.accept(chunk);
            chunk.clear();
          }
        });
    count.accept(chunk);
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

  private static Criteria filter(
      Workspace workspace, String flowId, Integer version, Instant from, Instant to) {
    Criteria criteria = where("workspaceId").is(workspace.id());
    if (flowId != null) {
      criteria = criteria.and("flowId").is(flowId);
    }
    if (version != null) {
      criteria = criteria.and("flowVersion").is(version);
    }
    if (from != null && to != null) {
      criteria = criteria.and("startedAt").gte(from).lt(to);
    } else if (from != null) {
      criteria = criteria.and("startedAt").gte(from);
    } else if (to != null) {
      criteria = criteria.and("startedAt").lt(to);
    }
    return criteria;
  }

  private void stream(Query query, Consumer<ConversationDocument> each) {
    try (Stream<ConversationDocument> all = mongo.stream(query, ConversationDocument.class)) {
      all.forEach(each);
    }
  }

  private MessageTally messages(Workspace workspace, List<String> conversationIds) {
    MessageTally tally = new MessageTally();
    for (int i = 0; i < conversationIds.size(); i += ID_BATCH) {
      List<String> batch =
          conversationIds.subList(i, Math.min(i + ID_BATCH, conversationIds.size()));
      Query query = query(where("conversationId").in(batch).and("workspaceId").is(workspace.id()));
      query.fields().include("nodeId", "kind", "templateName", "statuses", "sendSeq", "sandbox");
      mongo.find(query, MessageDocument.class).forEach(tally::add);
    }
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
