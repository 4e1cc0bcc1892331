package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.AssignAction;
import io.chatflows.workflows.graph.DelayAction;
import io.chatflows.workflows.graph.Limits;
import io.chatflows.workflows.graph.SendTextAction;
import io.chatflows.workflows.graph.SetAttributeAction;
import io.chatflows.workflows.graph.SetVariableAction;
import io.chatflows.workflows.graph.TagAction;
import io.chatflows.workflows.graph.Trigger;
import io.chatflows.workflows.graph.UntagAction;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The handlers of the action kinds (spec §3), one method each; the webhook action has its own
 * ({@link WebhookHandler}). Each goes on along the node's {@code default} edge unless it ends the
 * conversation or picks another edge.
 */
final class ActionHandlers {

  private ActionHandlers() {}

  static Next assign(AssignAction node, Visit visit) {
    ConversationState state = visit.state();
    visit
        .interpreter()
        .activities()
        .updateContact(
            state.contactUpdate(List.of(), List.of(), Map.of(), node.team(), node.agent()));
    visit
        .steps()
        .action(node.nodeId(), "assign " + (node.agent() != null ? node.agent() : node.team()));
    return node.handoff() ? Next.end(ConversationStatus.HANDED_OFF, "handed_off") : visit.next();
  }

  static Next tag(TagAction node, Visit visit) {
    visit.state().tags.addAll(node.tags());
    return changeTags(node.kind().action(), node.nodeId(), node.tags(), true, visit);
  }

  static Next untag(UntagAction node, Visit visit) {
    node.tags().forEach(visit.state().tags::remove);
    return changeTags(node.kind().action(), node.nodeId(), node.tags(), false, visit);
  }

  private static Next changeTags(
      String action, String nodeId, List<String> names, boolean add, Visit visit) {
    visit
        .interpreter()
        .activities()
        .updateContact(
            visit
                .state()
                .contactUpdate(
                    add ? names : List.of(), add ? List.of() : names, Map.of(), null, null));
    visit.steps().action(nodeId, action + " " + String.join(",", names));
    return visit.next();
  }

  static Next setVariable(SetVariableAction node, Visit visit) {
    ConversationState state = visit.state();
    if (OutOfRange.storableName(state.steps, node.nodeId(), "name", node.name())) {
      String value = state.render(node.value());
      state.variables.put(node.name(), value == null ? "" : value);
      state.steps.action(node.nodeId(), "set_variable " + node.name());
    }
    return visit.next();
  }

  static Next setAttribute(SetAttributeAction node, Visit visit) {
    ConversationState state = visit.state();
    String value = state.render(node.value());
    state.attributes.put(node.name(), value == null ? "" : value);
    visit
        .interpreter()
        .activities()
        .updateContact(
            state.contactUpdate(
                List.of(), List.of(), Map.of(node.name(), value == null ? "" : value), null, null));
    state.steps.action(node.nodeId(), "set_attribute " + node.name());
    return visit.next();
  }

  /** Waits on a durable timer; a stored delay beyond its range waits the longest it may. */
  static Next delay(DelayAction node, Visit visit) {
    long seconds =
        OutOfRange.clamp(
            visit.steps(), node.nodeId(), node.field(), node.seconds(), Limits.DELAY_SECONDS);
    visit.steps().action(node.nodeId(), "delay " + seconds + "s");
    visit
        .interpreter()
        .scopes()
        .call(
            () -> {
              Workflow.sleep(Duration.ofSeconds(seconds));
              return null;
            });
    return visit.next();
  }

  /**
   * Sends the text; when the contact's window is closed and the node has a {@code window_closed}
   * edge, sends nothing and takes it. Without that edge the send is tried as before, and the worker
   * refuses it outside the window (the {@code delivery_failed} path), so conversations of flows
   * saved before that edge existed run as they always did.
   */
  static Next sendText(SendTextAction node, Visit visit) {
    ConversationState state = visit.state();
    if (visit.first(Trigger.WINDOW_CLOSED) != null && !state.windowOpen()) {
      return SessionHandler.windowClosed(node.nodeId(), visit);
    }
    ConversationInput input = state.input;
    String text = state.render(node.text());
    try {
      SentMessage sent =
          visit
              .interpreter()
              .activities()
              .sendText(
                  new SendTextCommand(
                      input.conversationId(),
                      input.workspaceId(),
                      input.channelId(),
                      node.nodeId(),
                      state.nextSendSeq(),
                      input.contact(),
                      text));
      state.steps.sent(node.nodeId(), sent);
      return visit.next();
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.steps.sendFailed(node.nodeId(), Failures.describe(failure));
      return visit.follow(Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed");
    }
  }
}
