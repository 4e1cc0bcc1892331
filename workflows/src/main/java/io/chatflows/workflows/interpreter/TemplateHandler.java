package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.Limits;
import io.chatflows.workflows.graph.TemplateNode;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a node's template (unless the run resumes a wait or was started by a click on it), then
 * goes on along its default edge, or waits for the contact when an edge waits for a reply.
 */
final class TemplateHandler {

  private TemplateHandler() {}

  static Next run(TemplateNode node, Visit visit) {
    ConversationState state = visit.state();
    TemplateSpec template = state.flow.templates().get(node.nodeId());
    if (template == null) {
      return Next.end(ConversationStatus.FAILED, "unknown_template");
    }
    boolean waits =
        visit.edges().stream().anyMatch(e -> e.trigger() != null && e.trigger().waitsForContact());
    // Read (and, out of range, clamped with its step) before the send, so that step travels with
    // the send's progress instead of needing a projection write of its own.
    long timeoutSeconds = waits && !visit.resumingWait() ? replyTimeoutSeconds(node, state) : 0;
    if (!visit.resumingWait() && !visit.alreadySent()) {
      Next failed = send(node, template, waits, timeoutSeconds, visit);
      if (failed != null) {
        return failed;
      }
    }
    if (!waits) {
      return visit.next();
    }
    if (!visit.resumingWait()) {
      state.waitDeadline = Workflow.currentTimeMillis() + 1_000L * timeoutSeconds;
    }
    return visit.interpreter().replyWait().await(node, template, visit);
  }

  /** Sends the template; returns where to go when the send failed for good, else null. */
  private static Next send(
      TemplateNode node, TemplateSpec template, boolean waits, long timeoutSeconds, Visit visit) {
    ConversationState state = visit.state();
    ConversationInput input = state.input;
    int sendSeq = state.nextSendSeq();
    boolean oneTask = Versions.oneTaskStep();
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < template.buttons().size(); i++) {
      payloads.add(ConversationIds.buttonPayload(input.conversationId(), sendSeq, i));
    }
    Interpreter interpreter = visit.interpreter();
    SendTemplateCommand command =
        new SendTemplateCommand(
            input.conversationId(),
            input.workspaceId(),
            input.channelId(),
            node.nodeId(),
            sendSeq,
            input.contact(),
            template,
            state.render(node.bodyParameters()),
            payloads,
            oneTask && waits
                ? interpreter.projection().whileWaiting(node.nodeId(), timeoutSeconds)
                : null,
            state.render(node.headerParameters()));
    try {
      SentMessage sent =
          (oneTask ? interpreter.localSends() : interpreter.activities()).sendTemplate(command);
      state.waitingMessageId = sent.messageId();
      state.steps.sent(node.nodeId(), sent);
      if (sent.recorded()) {
        interpreter.projection().recordedWaiting();
      }
      return null;
    } catch (ActivityFailure failure) {
      Failures.rethrowCancellation(failure);
      state.waitingMessageId = null;
      state.steps.sendFailed(node.nodeId(), Failures.describe(failure));
      return visit.follow(Trigger.DELIVERY_FAILED, ConversationStatus.FAILED, "delivery_failed");
    }
  }

  /** The node's {@code timeout_seconds}, else the flow's default; clamped into its range. */
  private static long replyTimeoutSeconds(TemplateNode node, ConversationState state) {
    return node.timeoutSeconds() > 0
        ? OutOfRange.clamp(
            state.steps,
            node.nodeId(),
            "timeout_seconds",
            node.timeoutSeconds(),
            Limits.REPLY_TIMEOUT_SECONDS)
        : OutOfRange.clamp(
            state.steps,
            node.nodeId(),
            "settings.reply_timeout_seconds",
            state.flow.replyTimeoutSeconds(),
            Limits.REPLY_TIMEOUT_SECONDS);
  }
}
