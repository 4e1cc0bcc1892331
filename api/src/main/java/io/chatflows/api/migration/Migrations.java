package io.chatflows.api.migration;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.conversation.ConversationStarter;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.flow.FlowVersionDocument;
import io.chatflows.api.job.JobDocument;
import io.chatflows.api.job.Jobs;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationSignals;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.MoveRequest;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.GraphNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Migrating the open conversations of one flow version to another along a node mapping: the dry run
 * that counts them per node, and the job that signals each to move ({@link MoveRequest}).
 */
@Service
public class Migrations {

  static final String KIND = "migrate";

  private final FlowStore flows;
  private final ConversationStarter starter;
  private final ConversationStore conversations;
  private final WorkflowClient temporal;
  private final Jobs jobs;

  public Migrations(
      FlowStore flows,
      ConversationStarter starter,
      ConversationStore conversations,
      WorkflowClient temporal,
      Jobs jobs) {
    this.flows = flows;
    this.starter = starter;
    this.conversations = conversations;
    this.temporal = temporal;
    this.jobs = jobs;
  }

  /**
   * A checked migration: the target version compiled, and where every node of the source version
   * goes (absent: nowhere).
   */
  record Plan(
      String flowId,
      int fromVersion,
      int toVersion,
      FlowDefinition target,
      Map<String, String> mapping,
      Map<String, String> given) {

    String targetOf(String nodeId) {
      return nodeId == null ? null : mapping.get(nodeId);
    }
  }

  /** One source node: how many conversations wait there or are in the middle of a step. */
  record NodeRow(String node, long waiting, long midStep, String target, boolean noTarget) {}

  /** The dry run's answer. */
  record DryRun(
      int fromVersion,
      int toVersion,
      long total,
      long waiting,
      long midStep,
      long noTarget,
      List<NodeRow> nodes) {}

  /** Checks the request against the stored versions; each problem names its field. */
  Plan plan(
      Workspace workspace,
      FlowDocument flow,
      Integer fromVersion,
      Integer toVersion,
      Map<String, String> given) {
    FlowVersionDocument from = version(workspace, flow, "from_version", fromVersion);
    FlowVersionDocument to = version(workspace, flow, "to_version", toVersion);
    if (from.version() == to.version()) {
      throw ApiException.invalidField(
          "same_version", "to_version", "to_version must differ from from_version");
    }
    FlowDefinition target = starter.compile(workspace.id(), to);
    Set<String> sourceNodes = new LinkedHashSet<>();
    for (GraphNode node : FlowGraphs.parse(from.flowData()).nodes()) {
      sourceNodes.add(node.nodeId());
    }
    Map<String, String> explicit = given == null ? Map.of() : given;
    explicit.forEach(
        (source, mapped) -> {
          String field = "mapping." + source;
          if (!sourceNodes.contains(source)) {
            throw ApiException.invalidField(
                "unknown_node",
                field,
                "node " + source + " is not in version " + from.version() + " of the flow");
          }
          if (mapped != null && target.node(mapped).isEmpty()) {
            throw ApiException.invalidField(
                "unknown_node",
                field,
                "node " + mapped + " is not in version " + to.version() + " of the flow");
          }
        });
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String source : sourceNodes) {
      String mapped =
          explicit.containsKey(source)
              ? explicit.get(source)
              : target.node(source).isPresent() ? source : null;
      if (mapped != null) {
        mapping.put(source, mapped);
      }
    }
    Map<String, String> kept = new TreeMap<>();
    explicit.forEach((k, v) -> kept.put(k, v));
    return new Plan(flow.id(), from.version(), to.version(), target, mapping, kept);
  }

  private FlowVersionDocument version(
      Workspace workspace, FlowDocument flow, String field, Integer number) {
    if (number == null) {
      throw ApiException.invalidField("missing_field", field, field + " is required");
    }
    return flows
        .version(workspace.id(), flow.id(), number)
        .filter(v -> v.version() <= flow.version())
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    "unknown_version", field, "the flow has no version " + number));
  }

  /** The open conversations on the source version. */
  private List<ConversationDocument> open(String workspaceId, Plan plan) {
    List<ConversationDocument> open = new ArrayList<>();
    conversations.forEach(
        ConversationQuery.inWorkspace(workspaceId)
            .flow(plan.flowId())
            .flowVersion(plan.fromVersion())
            .open()
            .build(),
        open::add);
    open.sort(Comparator.comparing(ConversationDocument::startedAt));
    return open;
  }

  DryRun dryRun(Workspace workspace, Plan plan) {
    Map<String, long[]> byNode = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
    for (ConversationDocument c : open(workspace.id(), plan)) {
      long[] counts = byNode.computeIfAbsent(c.currentNodeId(), k -> new long[2]);
      counts[c.status() == ConversationStatus.WAITING ? 0 : 1]++;
    }
    List<NodeRow> rows = new ArrayList<>();
    long waiting = 0;
    long midStep = 0;
    long noTarget = 0;
    for (Map.Entry<String, long[]> entry : byNode.entrySet()) {
      String target = plan.targetOf(entry.getKey());
      long[] counts = entry.getValue();
      rows.add(new NodeRow(entry.getKey(), counts[0], counts[1], target, target == null));
      waiting += counts[0];
      midStep += counts[1];
      if (target == null) {
        noTarget += counts[0];
      }
    }
    return new DryRun(
        plan.fromVersion(), plan.toVersion(), waiting + midStep, waiting, midStep, noTarget, rows);
  }

  /**
   * Starts the migration job: each open conversation on the source version is signalled to move
   * along the mapping when it waits next. A waiting one whose node has no target is skipped ({@code
   * no_target}); one in the middle of a step is signalled whatever its node, and stays on its
   * version if the node it then waits at has no target.
   */
  JobDocument start(Workspace workspace, Plan plan) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("from_version", plan.fromVersion());
    request.put("to_version", plan.toVersion());
    request.put("mapping", plan.given());
    return jobs.submit(
        workspace.id(),
        KIND,
        plan.flowId(),
        request,
        new Jobs.Work() {
          @Override
          public List<ConversationDocument> select() {
            return open(workspace.id(), plan);
          }

          @Override
          public Jobs.Outcome apply(String jobId, ConversationDocument c) {
            return migrate(jobId, plan, c);
          }
        });
  }

  private Jobs.Outcome migrate(String jobId, Plan plan, ConversationDocument listed) {
    ConversationDocument c = conversations.find(listed.workspaceId(), listed.id()).orElse(null);
    if (c == null || !c.isOpen()) {
      return Jobs.Outcome.skipped("ended");
    }
    if (c.flowVersion() != plan.fromVersion()) {
      return Jobs.Outcome.skipped("on version " + c.flowVersion());
    }
    if (c.status() == ConversationStatus.WAITING && plan.targetOf(c.currentNodeId()) == null) {
      return Jobs.Outcome.skipped("no_target: node " + c.currentNodeId());
    }
    return signal(
        temporal,
        c,
        new MoveRequest(
            jobId,
            c.id(),
            plan.target(),
            plan.mapping(),
            null,
            MoveRequest.Mode.WAIT,
            MoveRequest.MIGRATED));
  }

  /** Signals the move; a conversation whose workflow no longer runs is skipped. */
  static Jobs.Outcome signal(WorkflowClient temporal, ConversationDocument c, MoveRequest move) {
    try {
      ConversationSignals.moveTo(temporal, c.workflowId(), move);
      return Jobs.Outcome.done();
    } catch (WorkflowNotFoundException e) {
      return Jobs.Outcome.skipped("not_running");
    }
  }
}
