package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.chatflows.workflows.graph.Limits;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Interprets a {@link FlowDefinition} for one contact.
 *
 * <p>Determinism rules (see the module README): this class reads nothing but its input, signals and
 * activity results. Time comes from {@link Workflow#currentTimeMillis()}, waiting from {@link
 * Workflow#await}; all I/O runs in {@link ConversationActivities}. Edges are tried in the order the
 * builder saved them.
 */
public class ConversationWorkflowImpl implements ConversationWorkflow {

  private static final Logger log = Workflow.getLogger(ConversationWorkflowImpl.class);
  private static final int SEEN_KEYS_KEPT = 1_000;

  /**
   * Version 1: a step runs in the workflow task that received the reply. The template goes out as a
   * local activity that also writes the progress, and the reply timer is cancelled when the wait
   * ends. Runs that began before it replay the earlier commands.
   */
  private static final String ONE_TASK_STEP = "one-task-step";

  /**
   * Version 1: an event meant for another conversation (a delivery failure of a message an earlier
   * conversation of the contact sent) is ignored without a step. Asked only when such an event
   * arrives, so histories without one replay unchanged.
   */
  private static final String ADDRESSED_EVENTS = "addressed-events";

  private final ConversationInput input;
  private final FlowDefinition flow;
  private final RunLimits limits;
  private final ConversationActivities activities;
  private final ConversationActivities projection;
  private final ConversationActivities localSends;
  private final Deque<InboundEvent> pending = new ArrayDeque<>();
  private final LinkedHashSet<String> seenKeys = new LinkedHashSet<>();
  private final Map<String, String> variables;
  private final Map<String, String> attributes;
  private final LinkedHashSet<String> tags;
  private final Steps steps;

  private ConversationStatus status = ConversationStatus.RUNNING;
  private String currentNodeId;
  private String waitingMessageId;
  private int sendSeq;
  private long waitDeadline;
  private String lastReply;
  private String publishedNode;
  private ConversationStatus publishedStatus;
  private ConversationStatus recordedStatus;

  @WorkflowInit
  public ConversationWorkflowImpl(ConversationInput input) {
    this.input = input;
    this.flow = input.flow();
    this.limits = input.limits();
    this.activities = ActivityStubs.remote();
    this.projection = ActivityStubs.projection();
    this.localSends = ActivityStubs.localSends();
    this.variables = new LinkedHashMap<>(input.variables());
    this.attributes = new LinkedHashMap<>(input.attributes());
    this.tags = new LinkedHashSet<>(input.tags());
    ResumeState resume = input.resume();
    int nextSeq = 0;
    if (resume != null) {
      currentNodeId = resume.nodeId();
      waitingMessageId = resume.waitingMessageId();
      sendSeq = resume.sendSeq();
      waitDeadline = resume.waitDeadline();
      lastReply = resume.lastReply();
      nextSeq = resume.nextSeq();
      seenKeys.addAll(resume.seenKeys());
      pending.addAll(resume.pending());
    }
    steps = new Steps(nextSeq);
    if (resume == null && input.trigger() != null) {
      waitingMessageId = input.trigger().contextMessageId();
      inbound(input.trigger());
    }
    publishedNode = currentNodeId;
    publishedStatus = resume != null ? ConversationStatus.WAITING : ConversationStatus.RUNNING;
    recordedStatus = publishedStatus;
  }

  @Override
  public ConversationStatus run(ConversationInput ignored) {
    try {
      ConversationStatus end = walk();
      finish(end);
      return end;
    } catch (ActivityFailure e) {
      // An activity no handler catches the failure of (updateContact) was cancelled with us.
      if (e.getCause() instanceof CanceledFailure canceled) {
        throw cancelled(canceled);
      }
      throw e;
    } catch (CanceledFailure e) {
      throw cancelled(e);
    }
  }

  private CanceledFailure cancelled(CanceledFailure e) {
    Workflow.newDetachedCancellationScope(() -> finish(ConversationStatus.CANCELLED)).run();
    return e;
  }

  @Override
  public void inbound(InboundEvent event) {
    if (event == null || event.messageId() == null || !seenKeys.add(event.dedupKey())) {
      return;
    }
    if (seenKeys.size() > SEEN_KEYS_KEPT) {
      seenKeys.remove(seenKeys.iterator().next());
    }
    pending.add(event);
  }

  @Override
  public ConversationView view() {
    return new ConversationView(
        input.conversationId(),
        status,
        currentNodeId,
        waitingMessageId,
        Map.copyOf(variables),
        List.copyOf(tags),
        steps.next());
  }

  /** Walks the graph from the start (or resume) node until a node has no edge to follow. */
  private ConversationStatus walk() {
    boolean resumingWait = input.resume() != null && input.resume().waitDeadline() > 0;
    boolean startedByClick = input.resume() == null && input.trigger() != null;
    String nodeId = input.resume() != null ? input.resume().nodeId() : flow.startNodeId();
    if (input.resume() != null
        && Workflow.getVersion("publish-after-continue-as-new", Workflow.DEFAULT_VERSION, 1) == 1) {
      // The run before published the status and node it had when it continued as new (running,
      // the node it left), not what this run assumes: publish this run's state on its first flush.
      // Versioned: runs resumed by older code replay without this extra projection write/upsert.
      publishedStatus = null;
      recordedStatus = null;
      publishedNode = null;
    }
    int stepsWithoutWait = 0;
    while (nodeId != null) {
      Optional<GraphNode> node = flow.node(nodeId);
      if (node.isEmpty()) {
        steps.add(StepKind.ENDED, nodeId, null, null, "missing_node");
        return ConversationStatus.FAILED;
      }
      if (++stepsWithoutWait > limits.maxStepsWithoutWait()) {
        steps.add(StepKind.ENDED, nodeId, null, null, "loop_guard");
        return ConversationStatus.FAILED;
      }
      currentNodeId = nodeId;
      status = ConversationStatus.RUNNING;
      if (!resumingWait) {
        steps.add(StepKind.NODE_ENTERED, nodeId, null, null, node.get().nodeType());
      }
      Next next =
          switch (String.valueOf(node.get().nodeType())) {
            case "template" -> template(node.get(), resumingWait, startedByClick);
            case "condition" -> condition(node.get());
            case "action" -> action(node.get());
            default -> Next.end(ConversationStatus.FAILED, "unknown_node_type");
          };
      resumingWait = false;
      startedByClick = false;
      if (next.waited()) {
        stepsWithoutWait = 0;
      }
      if (next.end() != null) {
        steps.add(StepKind.ENDED, nodeId, null, null, next.reason());
        return next.end();
      }
      if (next.edge() == null) {
        return ConversationStatus.COMPLETED;
      }
      GraphEdge edge = next.edge();
      steps.add(StepKind.EDGE_TAKEN, nodeId, edge.edgeId(), edge.trigger().wireName(), null);
      nodeId = edge.target();
      if (historyIsLarge()) {
        continueAsNew(nodeId, false);
      }
    }
    return ConversationStatus.COMPLETED;
  }

  private Next template(GraphNode node, boolean resumingWait, boolean alreadySent) {
    TemplateSpec template = flow.templates().get(node.nodeId());
    if (template == null) {
      return Next.end(ConversationStatus.FAILED, "unknown_template");
    }
    List<GraphEdge> edges = flow.outgoing(node.nodeId());
    boolean waits =
        edges.stream().anyMatch(e -> e.trigger() != null && e.trigger().waitsForContact());
    // Read (and, out of range, clamped with its step) before the send, so that step travels with
    // the send's progress instead of needing a projection write of its own.
    long timeoutSeconds = waits && !resumingWait ? replyTimeoutSeconds(node) : 0;
    if (!resumingWait && !alreadySent) {
      sendSeq++;
      boolean oneTask = oneTaskStep();
      List<String> payloads = new ArrayList<>();
      for (int i = 0; i < template.buttons().size(); i++) {
        payloads.add(ConversationIds.buttonPayload(input.conversationId(), sendSeq, i));
      }
      SendTemplateCommand command =
          new SendTemplateCommand(
              input.conversationId(),
              input.workspaceId(),
              input.channelId(),
              node.nodeId(),
              sendSeq,
              input.contact(),
              template,
              render(NodeData.strings(node.data(), "parameters", "body")),
              payloads,
              oneTask && waits ? progressWhileWaiting(node, timeoutSeconds) : null);
      try {
        SentMessage sent = (oneTask ? localSends : activities).sendTemplate(command);
        waitingMessageId = sent.messageId();
        Steps.addSent(steps, node.nodeId(), sent);
        if (sent.recorded()) {
          steps.flushedAll();
          recordedStatus = ConversationStatus.WAITING;
        }
      } catch (ActivityFailure failure) {
        Failures.rethrowCancellation(failure);
        waitingMessageId = null;
        steps.add(StepKind.SEND_FAILED, node.nodeId(), null, null, Failures.describe(failure));
        return follow(edges, Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed");
      }
    }
    if (!waits) {
      return Next.to(first(edges, Trigger.DEFAULT));
    }
    if (!resumingWait) {
      waitDeadline = Workflow.currentTimeMillis() + 1_000L * timeoutSeconds;
    }
    return awaitReply(node, template, edges);
  }

  /** The node's {@code timeout_seconds}, else the flow's default; clamped into its range. */
  private long replyTimeoutSeconds(GraphNode node) {
    long own = NodeData.positiveLong(node.data(), "timeout_seconds");
    return own > 0
        ? OutOfRange.clamp(
            steps, node.nodeId(), "timeout_seconds", own, Limits.REPLY_TIMEOUT_SECONDS)
        : OutOfRange.clamp(
            steps,
            node.nodeId(),
            "settings.reply_timeout_seconds",
            flow.replyTimeoutSeconds(),
            Limits.REPLY_TIMEOUT_SECONDS);
  }

  private Next awaitReply(GraphNode node, TemplateSpec template, List<GraphEdge> edges) {
    ReplyMatcher.Waiting waiting =
        new ReplyMatcher.Waiting(input.conversationId(), sendSeq, waitingMessageId, template);
    ReplyTimer timer = new ReplyTimer(oneTaskStep());
    while (true) {
      status = ConversationStatus.WAITING;
      flush();
      long remaining = waitDeadline - Workflow.currentTimeMillis();
      if (remaining <= 0 || !timer.await(remaining, () -> !pending.isEmpty())) {
        waitDeadline = 0;
        return follow(edges, Trigger.TIMEOUT, ConversationStatus.TIMED_OUT, "timed_out")
            .afterWaiting();
      }
      InboundEvent event = pending.poll();
      status = ConversationStatus.RUNNING;
      if (event.kind() == InboundEvent.Kind.DELIVERY_FAILED) {
        if (meantForAnother(event)) {
          continue;
        }
        if (event.messageId().equals(waitingMessageId)) {
          waitDeadline = 0;
          timer.cancel();
          steps.add(StepKind.SEND_FAILED, node.nodeId(), null, null, event.errorCode());
          return follow(
                  edges, Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed")
              .afterWaiting();
        }
        steps.add(StepKind.SEND_FAILED, node.nodeId(), null, "stale", event.errorCode());
        continue;
      }
      ReplyMatcher.Match match = ReplyMatcher.match(event, waiting, edges);
      String reply = event.text() != null ? event.text() : event.payload();
      if (match.stale()) {
        steps.add(StepKind.STALE_CLICK, node.nodeId(), null, null, reply);
      } else if (match.edge() == null) {
        steps.add(StepKind.UNMATCHED_REPLY, node.nodeId(), null, null, reply);
      } else {
        waitDeadline = 0;
        timer.cancel();
        lastReply = reply;
        steps.add(StepKind.REPLY, node.nodeId(), null, match.edge().trigger().wireName(), reply);
        return Next.to(match.edge()).afterWaiting();
      }
      if (historyIsLarge()) {
        continueAsNew(node.nodeId(), true);
      }
    }
  }

  private boolean meantForAnother(InboundEvent event) {
    return event.meantForAnother(input.conversationId())
        && Workflow.getVersion(ADDRESSED_EVENTS, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  private static boolean oneTaskStep() {
    return Workflow.getVersion(ONE_TASK_STEP, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  /**
   * The progress to record with a send after which the conversation waits at {@code node}. Its wait
   * deadline is for the projection only (the wait computes its own once the send returned).
   */
  private ProgressUpdate progressWhileWaiting(GraphNode node, long timeoutSeconds) {
    List<Step> batch = steps.buffered();
    return new ProgressUpdate(
        input.conversationId(),
        input.workspaceId(),
        batch.isEmpty() ? steps.next() : batch.get(0).seq(),
        ConversationStatus.WAITING,
        node.nodeId(),
        Map.copyOf(variables),
        batch,
        flow.flowId(),
        Workflow.currentTimeMillis() + 1_000L * timeoutSeconds);
  }

  private Next condition(GraphNode node) {
    String subject = Optional.ofNullable(NodeData.text(node.data(), "subject")).orElse("reply");
    String key = NodeData.text(node.data(), "key");
    List<GraphEdge> edges = flow.outgoing(node.nodeId());
    for (GraphEdge edge : edges) {
      if (edge.trigger() != Trigger.CONDITION) {
        continue;
      }
      boolean holds =
          switch (subject) {
            case "tags" ->
                ConditionEvaluator.holdsForTags(edge.operator(), tags, edge.triggerValue());
            case "variable" ->
                ConditionEvaluator.holds(edge.operator(), variables.get(key), edge.triggerValue());
            case "attribute" ->
                ConditionEvaluator.holds(edge.operator(), attributes.get(key), edge.triggerValue());
            default -> ConditionEvaluator.holds(edge.operator(), lastReply, edge.triggerValue());
          };
      if (holds) {
        return Next.to(edge);
      }
    }
    return Next.to(first(edges, Trigger.DEFAULT));
  }

  private Next action(GraphNode node) {
    List<GraphEdge> edges = flow.outgoing(node.nodeId());
    Actions.Context context =
        new Actions.Context(
            input, activities, variables, attributes, tags, this::render, steps, this::nextSendSeq);
    return Actions.run(node, edges, context)
        .orElseGet(() -> Next.to(first(flow.outgoing(node.nodeId()), Trigger.DEFAULT)));
  }

  private int nextSendSeq() {
    return ++sendSeq;
  }

  private Next follow(
      List<GraphEdge> edges, Trigger trigger, ConversationStatus orElse, String why) {
    GraphEdge edge = first(edges, trigger);
    return edge != null ? Next.to(edge) : Next.end(orElse, why);
  }

  private static GraphEdge first(List<GraphEdge> edges, Trigger trigger) {
    return edges.stream().filter(e -> e.trigger() == trigger).findFirst().orElse(null);
  }

  private List<String> render(List<String> texts) {
    return texts.stream().map(this::render).toList();
  }

  private String render(String text) {
    return Placeholders.render(
        text, new Placeholders.Scope(input.contact(), variables, attributes, lastReply));
  }

  private boolean historyIsLarge() {
    return Workflow.getInfo().getHistoryLength() > limits.historyEventLimit()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  private void continueAsNew(String nodeId, boolean waiting) {
    flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    ResumeState resume =
        new ResumeState(
            nodeId,
            waiting ? waitingMessageId : null,
            sendSeq,
            waiting ? waitDeadline : 0,
            steps.next(),
            lastReply,
            List.copyOf(seenKeys),
            List.copyOf(pending));
    Workflow.continueAsNew(
        new ConversationInput(
            input.conversationId(),
            input.workspaceId(),
            input.channelId(),
            input.contact(),
            flow,
            variables,
            attributes,
            List.copyOf(tags),
            limits,
            null,
            resume));
  }

  private void finish(ConversationStatus end) {
    status = end;
    waitDeadline = 0;
    while (!pending.isEmpty()) {
      InboundEvent left = pending.poll();
      if (left.kind() != InboundEvent.Kind.DELIVERY_FAILED) {
        steps.add(StepKind.UNMATCHED_REPLY, currentNodeId, null, "after_end", left.text());
      }
    }
    flush();
  }

  /** Writes new steps and state to the projection and moves the search attributes along. */
  private void flush() {
    List<Step> batch = steps.buffered();
    if (!batch.isEmpty() || status != recordedStatus) {
      try {
        projection.recordProgress(
            new ProgressUpdate(
                input.conversationId(),
                input.workspaceId(),
                batch.isEmpty() ? steps.next() : batch.get(0).seq(),
                status,
                currentNodeId,
                Map.copyOf(variables),
                batch,
                flow.flowId(),
                status == ConversationStatus.WAITING ? waitDeadline : 0));
        steps.flushed(batch.size());
      } catch (ActivityFailure failure) {
        log.warn("projection update failed; it is retried with the next update", failure);
      }
    }
    if (status != publishedStatus || !java.util.Objects.equals(currentNodeId, publishedNode)) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(SearchAttributes.STATUS, status.wireName()),
          SearchAttributeUpdate.valueSet(
              SearchAttributes.NODE, currentNodeId == null ? "" : currentNodeId));
      publishedStatus = status;
      recordedStatus = status;
      publishedNode = currentNodeId;
    }
  }
}
