package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.chatflows.workflows.conversation.Step;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Publishes a conversation's progress: new steps, status and variables to the projection the API
 * reads (a local activity), status and node to the search attributes. Writes only what changed
 * since the last publication.
 */
final class Projection {

  private static final Logger log = Workflow.getLogger(Projection.class);

  private final ConversationState state;
  private final ConversationActivities projection;
  private String publishedNode;
  private ConversationStatus publishedStatus;
  private ConversationStatus recordedStatus;

  /** A run starts published as running, or, resumed by continue-as-new, as waiting. */
  Projection(ConversationState state, OwnScopes scopes) {
    this.state = state;
    this.projection = ActivityStubs.projection(scopes);
    publishedNode = state.currentNodeId;
    publishedStatus =
        state.input.resume() != null ? ConversationStatus.WAITING : ConversationStatus.RUNNING;
    recordedStatus = publishedStatus;
  }

  /**
   * Forgets what was published: the run before published the status and node it had when it
   * continued as new, not what this run assumes, so this run publishes its state on its first
   * flush.
   */
  void forgetPublished() {
    publishedStatus = null;
    recordedStatus = null;
    publishedNode = null;
  }

  /** A send wrote the progress it carried: the projection shows the conversation waiting. */
  void recordedWaiting() {
    state.steps.flushedAll();
    recordedStatus = ConversationStatus.WAITING;
  }

  /**
   * The progress to record with a send after which the conversation waits at {@code nodeId}. Its
   * wait deadline is for the projection only (the wait computes its own once the send returned).
   */
  ProgressUpdate whileWaiting(String nodeId, long timeoutSeconds) {
    List<Step> batch = state.steps.buffered();
    return new ProgressUpdate(
        state.input.conversationId(),
        state.input.workspaceId(),
        batch.isEmpty() ? state.steps.next() : batch.get(0).seq(),
        ConversationStatus.WAITING,
        nodeId,
        Map.copyOf(state.variables),
        batch,
        state.flow.flowId(),
        Workflow.currentTimeMillis() + 1_000L * timeoutSeconds,
        resumePoint(),
        state.flow.version());
  }

  private ResumePoint resumePoint() {
    // Re-prompt count and awaited send belong to the wait in progress: outside one they are stale
    // values of the previous wait, which a resume must not take.
    boolean waiting = state.status == ConversationStatus.WAITING;
    return new ResumePoint(
        state.sendSeq,
        state.waitingMessageId,
        state.lastReply,
        waiting && state.waitSendSeq != state.sendSeq ? state.waitSendSeq : 0,
        waiting ? state.reprompts : 0);
  }

  /** Writes new steps and state to the projection and moves the search attributes along. */
  void flush() {
    ConversationStatus status = state.status;
    List<Step> batch = state.steps.buffered();
    if (!batch.isEmpty() || status != recordedStatus) {
      try {
        projection.recordProgress(
            new ProgressUpdate(
                state.input.conversationId(),
                state.input.workspaceId(),
                batch.isEmpty() ? state.steps.next() : batch.get(0).seq(),
                status,
                state.currentNodeId,
                Map.copyOf(state.variables),
                batch,
                state.flow.flowId(),
                status == ConversationStatus.WAITING || status == ConversationStatus.WITH_AGENT
                    ? state.waitDeadline
                    : 0,
                resumePoint(),
                state.flow.version()));
        state.steps.flushed(batch.size());
      } catch (ActivityFailure failure) {
        log.warn("projection update failed; it is retried with the next update", failure);
      }
    }
    if (status != publishedStatus || !Objects.equals(state.currentNodeId, publishedNode)) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributeUpdate.valueSet(SearchAttributes.STATUS, status.wireName()),
          SearchAttributeUpdate.valueSet(
              SearchAttributes.NODE, state.currentNodeId == null ? "" : state.currentNodeId));
      publishedStatus = status;
      recordedStatus = status;
      publishedNode = state.currentNodeId;
    }
  }
}
