package io.chatflows.store.conversation;

import io.chatflows.workflows.conversation.Step;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The steps of one progress update of a conversation, kept apart from the conversation so that
 * recording a step writes a small new document instead of rewriting an ever longer history. A
 * retried update that carries more steps is stored as a further batch; readers keep each sequence
 * number once ({@link ConversationStore#withSteps(ConversationDocument)}).
 *
 * @param id {@code <conversation id>:<first seq>:<count>}, so a repeated update is the same batch
 */
@Document("conversation_steps")
public record StepBatchDocument(
    @Id String id, String conversationId, String workspaceId, int firstSeq, List<Step> steps) {

  static StepBatchDocument of(String conversationId, String workspaceId, List<Step> steps) {
    int firstSeq = steps.get(0).seq();
    return new StepBatchDocument(
        conversationId + ":" + firstSeq + ":" + steps.size(),
        conversationId,
        workspaceId,
        firstSeq,
        List.copyOf(steps));
  }
}
