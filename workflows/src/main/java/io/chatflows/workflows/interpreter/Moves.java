package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.MoveRequest;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.SessionNode;
import io.chatflows.workflows.graph.TemplateNode;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;

/**
 * Moves asked for by the {@code moveTo} signal. The signal only records the request; the wait for
 * the contact takes it up ({@link ReplyWait}): at once when the conversation waits, else at its
 * next wait, so a step in the middle of its activities is never cut short. Taking it up continues
 * as new at the target node with the conversation's state ({@link ConversationState#resumeState}),
 * the one resume mechanism continue-as-new and restart recovery use.
 */
final class Moves {

  private static final String KEY_PREFIX = "move:";

  private final Interpreter interpreter;
  private MoveRequest pending;

  Moves(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /**
   * Holds a request until the next wait; one for another conversation of the workflow id, or whose
   * id was applied before (the key travels with the seen keys over continue-as-new), is ignored. A
   * newer request replaces one not yet applied.
   */
  void request(MoveRequest request) {
    ConversationState state = interpreter.state();
    if (request == null
        || request.requestId() == null
        || !state.input.conversationId().equals(request.conversationId())
        || state.seen(KEY_PREFIX + request.requestId())) {
      return;
    }
    pending = request;
  }

  boolean pending() {
    return pending != null;
  }

  /**
   * Takes up the pending move at the wait at {@code nodeId}: continues as new at its target and
   * does not return; a move without a target here (or whose target is not in its flow) is dropped
   * with an {@code action} step saying so, and the wait goes on.
   */
  void applyAt(String nodeId) {
    MoveRequest move = pending;
    pending = null;
    if (!Versions.moveTo()) {
      return;
    }
    ConversationState state = interpreter.state();
    state.firstTime(KEY_PREFIX + move.requestId());
    FlowDefinition next = move.flow() != null ? move.flow() : state.flow;
    String target = move.targetOf(nodeId);
    if (target == null || next.node(target).isEmpty()) {
      state.steps.action(
          nodeId,
          "move "
              + move.requestId()
              + " not applied: no target for node "
              + nodeId
              + (target == null ? "" : " (node " + target + " is not in version " + next.version())
              + (target == null ? "" : ")"));
      return;
    }
    boolean waiting = move.mode() == MoveRequest.Mode.WAIT && waitsAt(next, target);
    if (next.version() != state.flow.version()) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(SearchAttributes.FLOW_VERSION, (long) next.version()));
    }
    interpreter.continueAsNew(
        next, state.resumeState(target, waiting, move.cause() == null ? "moved" : move.cause()));
  }

  /** Whether a run resumed waiting at {@code nodeId} would wait there for the contact. */
  static boolean waitsAt(FlowDefinition flow, String nodeId) {
    boolean sends =
        flow.node(nodeId)
            .map(node -> node instanceof TemplateNode || node instanceof SessionNode)
            .orElse(false);
    return sends
        && flow.outgoing(nodeId).stream()
            .anyMatch(e -> e.trigger() != null && e.trigger().waitsForContact());
  }
}
