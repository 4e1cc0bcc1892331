package io.chatflows.store.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The conversation projection. Every write is one atomic single-document update. */
@Component
public class ConversationStore {

  private static final List<String> OPEN =
      List.of(ConversationStatus.RUNNING.wireName(), ConversationStatus.WAITING.wireName());

  private final MongoTemplate mongo;

  public ConversationStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  public void insert(ConversationDocument conversation) {
    mongo.insert(conversation);
  }

  public Optional<ConversationDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, ConversationDocument.class))
        .filter(c -> workspaceId.equals(c.workspaceId()));
  }

  /** The open conversation with this workflow id, if the projection knows one. */
  public Optional<ConversationDocument> findOpenByWorkflowId(String workflowId) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("workflowId").is(workflowId).and("status").in(OPEN))
                .with(Sort.by(Sort.Direction.DESC, "startedAt")),
            ConversationDocument.class));
  }

  /**
   * Appends the update's steps and sets its state, unless steps from {@code firstSeq} on are
   * already recorded (a retried update): then nothing changes.
   *
   * @return whether the update was applied
   */
  public boolean apply(ProgressUpdate progress) {
    Instant now = Instant.now();
    Update update =
        new Update()
            .set("status", progress.status().wireName())
            .set("currentNodeId", progress.currentNodeId())
            .set("variables", progress.variables())
            .set("updatedAt", now)
            .inc("stepCount", progress.steps().size());
    if (!progress.steps().isEmpty()) {
      update.push("steps").each(progress.steps().toArray());
    }
    if (!progress.status().isOpen()) {
      update.set("endedAt", now);
    }
    return mongo
            .updateFirst(
                query(
                    where("_id")
                        .is(progress.conversationId())
                        .and("workspaceId")
                        .is(progress.workspaceId())
                        .and("stepCount")
                        .is(progress.firstSeq())),
                update,
                ConversationDocument.class)
            .getModifiedCount()
        > 0;
  }

  /** A page of a workspace's conversations, newest first, without their step histories. */
  public List<ConversationDocument> list(Criteria filter, long offset, int limit) {
    Query query =
        query(filter).with(Sort.by(Sort.Direction.DESC, "startedAt")).skip(offset).limit(limit);
    query.fields().exclude("steps");
    return mongo.find(query, ConversationDocument.class);
  }

  public long count(Criteria filter) {
    return mongo.count(query(filter), ConversationDocument.class);
  }

  /** Marks every open conversation {@code status}; used when Temporal lost them. */
  public long markOpenAs(ConversationStatus status) {
    return mongo
        .updateMulti(
            query(where("status").in(OPEN)),
            new Update()
                .set("status", status.wireName())
                .set("endedAt", Instant.now())
                .set("updatedAt", Instant.now()),
            ConversationDocument.class)
        .getModifiedCount();
  }

  public void setRunId(String id, String runId) {
    mongo.updateFirst(
        query(where("_id").is(id)), new Update().set("runId", runId), ConversationDocument.class);
  }

  public void delete(String id) {
    mongo.remove(query(where("_id").is(id)), ConversationDocument.class);
  }

  /**
   * Closes the projection of a workflow id's other open conversations (Temporal ended them).
   *
   * @return how many were closed
   */
  public long closeOpenExcept(String workflowId, String keepId, ConversationStatus status) {
    return mongo
        .updateMulti(
            query(where("workflowId").is(workflowId).and("status").in(OPEN).and("_id").ne(keepId)),
            new Update()
                .set("status", status.wireName())
                .set("endedAt", Instant.now())
                .set("updatedAt", Instant.now()),
            ConversationDocument.class)
        .getModifiedCount();
  }

  public void setStatus(String id, ConversationStatus status) {
    Update update = new Update().set("status", status.wireName()).set("updatedAt", Instant.now());
    if (!status.isOpen()) {
      update.set("endedAt", Instant.now());
    }
    mongo.updateFirst(query(where("_id").is(id)), update, ConversationDocument.class);
  }
}
