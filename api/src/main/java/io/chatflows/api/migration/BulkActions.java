package io.chatflows.api.migration;

import io.chatflows.api.channel.Channels;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.conversation.ConversationRuns;
import io.chatflows.api.conversation.ConversationStarter;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.job.JobDocument;
import io.chatflows.api.job.Jobs;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.MoveRequest;
import io.chatflows.workflows.graph.GraphNode;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Rescue in bulk: the conversations a filter selects are moved to a node, restarted or cancelled by
 * a background job ({@link Jobs}).
 */
@Service
public class BulkActions {

  /** What to do with each selected conversation. */
  enum Action {
    /** Enter a node of the conversation's version when it next waits (at once when waiting). */
    MOVE,
    /** Start the contact's conversation of the flow again on its published version. */
    RESTART,
    /** Cancel it: it ends as {@code cancelled}. */
    CANCEL;

    String wireName() {
      return name().toLowerCase();
    }
  }

  /** Which conversations; every condition given must hold. */
  record Selection(ConversationQuery query, Set<String> ids) {}

  private final FlowStore flows;
  private final ConversationStore conversations;
  private final ConversationRuns runs;
  private final ConversationStarter starter;
  private final ContactStore contacts;
  private final Channels channels;
  private final WorkflowClient temporal;
  private final Jobs jobs;

  public BulkActions(
      FlowStore flows,
      ConversationStore conversations,
      ConversationRuns runs,
      ConversationStarter starter,
      ContactStore contacts,
      Channels channels,
      WorkflowClient temporal,
      Jobs jobs) {
    this.flows = flows;
    this.conversations = conversations;
    this.runs = runs;
    this.starter = starter;
    this.contacts = contacts;
    this.channels = channels;
    this.temporal = temporal;
    this.jobs = jobs;
  }

  /** The node ids of a stored version of the flow; empty when the version is not stored. */
  Optional<Set<String>> nodesOf(String workspaceId, String flowId, int version) {
    return flows
        .version(workspaceId, flowId, version)
        .map(
            v ->
                FlowGraphs.parse(v.flowData()).nodes().stream()
                    .map(GraphNode::nodeId)
                    .collect(Collectors.toSet()));
  }

  JobDocument start(
      Workspace workspace,
      FlowDocument flow,
      Selection selection,
      Action action,
      String node,
      Map<String, Object> request) {
    Map<Integer, Set<String>> nodesByVersion = new ConcurrentHashMap<>();
    return jobs.submit(
        workspace.id(),
        action.wireName(),
        flow.id(),
        request,
        new Jobs.Work() {
          @Override
          public java.util.List<ConversationDocument> select() {
            java.util.List<ConversationDocument> selected = new ArrayList<>();
            conversations.forEach(
                selection.query(),
                c -> {
                  if (selection.ids() == null || selection.ids().contains(c.id())) {
                    selected.add(c);
                  }
                });
            selected.sort(Comparator.comparing(ConversationDocument::startedAt));
            return selected;
          }

          @Override
          public Jobs.Outcome apply(String jobId, ConversationDocument listed) {
            ConversationDocument c =
                conversations.find(listed.workspaceId(), listed.id()).orElse(null);
            if (c == null) {
              return Jobs.Outcome.skipped("deleted");
            }
            return switch (action) {
              case CANCEL -> cancel(c);
              case MOVE -> move(jobId, c, node, nodesByVersion);
              case RESTART -> restart(workspace, flow.id(), c);
            };
          }
        });
  }

  private Jobs.Outcome cancel(ConversationDocument c) {
    if (!c.isOpen()) {
      return Jobs.Outcome.skipped("ended");
    }
    Optional<String> chain = chain(c);
    if (chain.isEmpty() || !runs.isRunning(c.workflowId(), chain.get())) {
      return Jobs.Outcome.skipped("not_running");
    }
    runs.cancel(c.workflowId(), chain.get(), "cancelled in bulk through the API");
    return Jobs.Outcome.done();
  }

  private Jobs.Outcome move(
      String jobId, ConversationDocument c, String node, Map<Integer, Set<String>> nodesByVersion) {
    if (!c.isOpen()) {
      return Jobs.Outcome.skipped("ended");
    }
    Set<String> nodes =
        nodesByVersion.computeIfAbsent(
            c.flowVersion(), v -> nodesOf(c.workspaceId(), c.flowId(), v).orElse(Set.of()));
    if (!nodes.contains(node)) {
      return Jobs.Outcome.skipped(
          "no_target: node " + node + " is not in version " + c.flowVersion());
    }
    return Migrations.signal(
        temporal,
        c,
        new MoveRequest(
            jobId, c.id(), null, Map.of(), node, MoveRequest.Mode.ENTER, MoveRequest.MOVED));
  }

  /**
   * Starts the contact's conversation again on the flow's published version, replacing this one
   * when it still runs. A contact who is in another conversation on the number by now is left
   * alone.
   */
  private Jobs.Outcome restart(Workspace workspace, String flowId, ConversationDocument c) {
    Optional<ConversationRuns.CurrentRun> current = runs.current(c.workflowId());
    if (current.isPresent()
        && current.get().running()
        && !current.get().chain().equals(c.runId())) {
      return Jobs.Outcome.skipped("in_another_conversation");
    }
    ContactDocument contact = contacts.find(c.workspaceId(), c.contactKey()).orElse(null);
    if (contact == null) {
      return Jobs.Outcome.skipped("contact_deleted");
    }
    FlowDocument flow =
        flows.find(workspace.id(), flowId).orElseThrow(() -> ApiException.notFound("flow"));
    starter.start(
        new ConversationStarter.StartRequest(
            workspace,
            flow,
            channels.forSending(workspace, c.channelId()),
            contact.waId(),
            contact.name(),
            Map.of(),
            true,
            null));
    return Jobs.Outcome.done();
  }

  private Optional<String> chain(ConversationDocument c) {
    if (c.runId() != null) {
      return Optional.of(c.runId());
    }
    return runs.findChain(c);
  }
}
