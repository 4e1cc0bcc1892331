package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.ResumeState;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.temporal.workflow.Workflow;
import java.util.Optional;

/**
 * Walks a conversation's flow: enters a node, lets its kind's handler ({@link NodeHandlers}) decide
 * where to go, follows that edge, until a node has none to follow or ends the conversation.
 * Continues as new when the history grows large, between two nodes or while waiting.
 */
final class Interpreter {

  private final ConversationState state;
  private final OwnScopes scopes = new OwnScopes();
  private final Projection projection;
  private final ReplyWait replyWait = new ReplyWait(this);
  private final Moves moves = new Moves(this);
  private final ConversationActivities activities = ActivityStubs.remote(scopes);
  private final ConversationActivities localSends = ActivityStubs.localSends(scopes);

  Interpreter(ConversationState state) {
    this.state = state;
    this.projection = new Projection(state, scopes);
  }

  /** The run's scopes of activities and timers ({@link OwnScopes}). */
  OwnScopes scopes() {
    return scopes;
  }

  ConversationState state() {
    return state;
  }

  Projection projection() {
    return projection;
  }

  ReplyWait replyWait() {
    return replyWait;
  }

  /** Moves asked for by signal, taken up at the next wait for the contact. */
  Moves moves() {
    return moves;
  }

  /** Activities as remote activities: contact updates, webhooks, texts (and earlier sends). */
  ConversationActivities activities() {
    return activities;
  }

  /** Template sends as local activities ({@link ActivityStubs#localSends}). */
  ConversationActivities localSends() {
    return localSends;
  }

  /** Walks the graph from the start (or resume) node until a node has no edge to follow. */
  ConversationStatus walk() {
    ResumeState resume = state.input.resume();
    RunLimits limits = state.input.limits();
    boolean resumingWait = resume != null && resume.waitDeadline() > 0;
    boolean alreadySent = resume == null && state.input.trigger() != null;
    String nodeId = resume != null ? resume.nodeId() : state.flow.startNodeId();
    if (resume != null && Versions.publishAfterContinueAsNew()) {
      projection.forgetPublished();
    }
    if (resume != null && resume.cause() != null) {
      state.steps.resumed(nodeId, resume.cause());
    }
    int stepsWithoutWait = 0;
    while (nodeId != null) {
      Optional<GraphNode> node = state.flow.node(nodeId);
      if (node.isEmpty()) {
        state.steps.ended(nodeId, "missing_node");
        return ConversationStatus.FAILED;
      }
      if (++stepsWithoutWait > limits.maxStepsWithoutWait()) {
        state.steps.ended(nodeId, "loop_guard");
        return ConversationStatus.FAILED;
      }
      state.currentNodeId = nodeId;
      state.status = ConversationStatus.RUNNING;
      if (!resumingWait) {
        state.steps.nodeEntered(nodeId, node.get().nodeType());
      }
      Next next =
          NodeHandlers.run(
              node.get(), new Visit(this, state.flow.outgoing(nodeId), resumingWait, alreadySent));
      resumingWait = false;
      alreadySent = false;
      if (next.waited()) {
        stepsWithoutWait = 0;
      }
      if (next.end() != null) {
        state.steps.ended(nodeId, next.reason());
        return next.end();
      }
      if (next.edge() == null) {
        return ConversationStatus.COMPLETED;
      }
      GraphEdge edge = next.edge();
      state.steps.edgeTaken(nodeId, edge);
      nodeId = edge.target();
      // A pending move continues as new at the next wait anyway, and carries the request.
      if (historyIsLarge() && !moves.pending()) {
        continueAsNew(nodeId, false);
      }
    }
    return ConversationStatus.COMPLETED;
  }

  boolean historyIsLarge() {
    return Workflow.getInfo().getHistoryLength() > state.input.limits().historyEventLimit()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Continues as new at {@code nodeId}: waiting there, or about to enter it. */
  void continueAsNew(String nodeId, boolean waiting) {
    continueAsNew(state.flow, state.resumeState(nodeId, waiting));
  }

  /** Continues as new on {@code flow} (another version, perhaps), resuming as {@code resume}. */
  void continueAsNew(FlowDefinition flow, ResumeState resume) {
    projection.flush();
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(state.continuedInput(flow, resume));
  }

  /** Ends the conversation as {@code end}: replies still pending are recorded as unmatched. */
  void finish(ConversationStatus end) {
    state.status = end;
    state.waitDeadline = 0;
    while (!state.pending.isEmpty()) {
      InboundEvent left = state.pending.poll();
      if (left.kind() != InboundEvent.Kind.DELIVERY_FAILED) {
        state.steps.replyAfterEnd(state.currentNodeId, left.text());
      }
    }
    projection.flush();
  }
}
