package io.chatflows.store.conversation;

import io.chatflows.workflows.conversation.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The projection of one conversation that the API lists and shows (the embedded Temporal server
 * answers no visibility queries). Written when the conversation starts and by the workflow's
 * progress updates.
 *
 * @param status a {@code ConversationStatus} wire name
 * @param runId the Temporal run id its start returned, set once the workflow started: the first run
 *     of its continue-as-new chain, which names this conversation in Temporal together with {@code
 *     workflowId} (a contact's conversations on a number share the workflow id)
 * @param stepCount how many steps are recorded: the idempotency guard of progress updates
 * @param steps the step history, filled in by {@link ConversationStore#withSteps} when asked for;
 *     stored in {@link StepBatchDocument}s (documents written before that kept it here, and are
 *     still read)
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
    String status,
    String currentNodeId,
    Map<String, String> variables,
    int stepCount,
    List<Step> steps,
    Instant startedAt,
    Instant updatedAt,
    Instant endedAt) {

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
        endedAt);
  }
}
