package io.chatflows.store.conversation;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.convert.ValueConverter;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The projection of one conversation that the API lists and shows (the embedded Temporal server
 * answers no visibility queries). Written when the conversation starts and by the workflow's
 * progress updates.
 *
 * @param status where it stands; stored as the status's wire name ({@code waiting})
 * @param runId the Temporal run id its start returned, set once the workflow started: the first run
 *     of its continue-as-new chain, which names this conversation in Temporal together with {@code
 *     workflowId} (a contact's conversations on a number share the workflow id)
 * @param stepCount how many steps are recorded: the idempotency guard of progress updates
 * @param steps the step history, filled in by {@link ConversationStore#withSteps} when asked for;
 *     stored in {@link StepBatchDocument}s (documents written before that kept it here, and are
 *     still read)
 * @param waitDeadline when the reply timeout of the wait it is in ends; null when not waiting (or
 *     written by a version that did not record it)
 * @param stuck its workflow task's failures since it last made progress; null when none
 * @param resumePoint the send number, awaited message and last reply of its last progress: with
 *     {@code currentNodeId}, {@code status}, {@code waitDeadline} and {@code variables}, what a new
 *     run needs to take it up there (the embedded default's restart recovery); null when written by
 *     a version that did not record it
 */
@Document("conversations")
public record ConversationDocument(
    @Id String id,
    String workspaceId,
    String flowId,
    int flowVersion,
    String channelId,
    String contactKey,
    String workflowId,
    String runId,
    @ValueConverter(StatusValueConverter.class) ConversationStatus status,
    String currentNodeId,
    Map<String, String> variables,
    int stepCount,
    List<Step> steps,
    Instant startedAt,
    Instant updatedAt,
    Instant endedAt,
    Instant waitDeadline,
    TaskFailures stuck,
    ResumePoint resumePoint) {

  /** A conversation without a resume point. */
  public ConversationDocument(
      String id,
      String workspaceId,
      String flowId,
      int flowVersion,
      String channelId,
      String contactKey,
      String workflowId,
      String runId,
      ConversationStatus status,
      String currentNodeId,
      Map<String, String> variables,
      int stepCount,
      List<Step> steps,
      Instant startedAt,
      Instant updatedAt,
      Instant endedAt,
      Instant waitDeadline,
      TaskFailures stuck) {
    this(
        id,
        workspaceId,
        flowId,
        flowVersion,
        channelId,
        contactKey,
        workflowId,
        runId,
        status,
        currentNodeId,
        variables,
        stepCount,
        steps,
        startedAt,
        updatedAt,
        endedAt,
        waitDeadline,
        stuck,
        null);
  }

  /** A conversation as it is first stored: not waiting, no task failures. */
  public ConversationDocument(
      String id,
      String workspaceId,
      String flowId,
      int flowVersion,
      String channelId,
      String contactKey,
      String workflowId,
      String runId,
      ConversationStatus status,
      String currentNodeId,
      Map<String, String> variables,
      int stepCount,
      List<Step> steps,
      Instant startedAt,
      Instant updatedAt,
      Instant endedAt) {
    this(
        id,
        workspaceId,
        flowId,
        flowVersion,
        channelId,
        contactKey,
        workflowId,
        runId,
        status,
        currentNodeId,
        variables,
        stepCount,
        steps,
        startedAt,
        updatedAt,
        endedAt,
        null,
        null);
  }

  /** Whether its workflow still runs: it is running or waiting. */
  public boolean isOpen() {
    return status != null && status.isOpen();
  }

  /** Whether it is open and its workflow task keeps failing. */
  public boolean isStuck() {
    return stuck != null && stuck.isRepeated() && isOpen();
  }

  /** The same conversation with this step history. */
  public ConversationDocument withSteps(List<Step> history) {
    return new ConversationDocument(
        id,
        workspaceId,
        flowId,
        flowVersion,
        channelId,
        contactKey,
        workflowId,
        runId,
        status,
        currentNodeId,
        variables,
        stepCount,
        history,
        startedAt,
        updatedAt,
        endedAt,
        waitDeadline,
        stuck,
        resumePoint);
  }
}
