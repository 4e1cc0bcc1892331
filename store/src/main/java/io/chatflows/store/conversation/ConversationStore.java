package io.chatflows.store.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The conversation projection. Every write is one atomic single-document update; reads take a
 * {@link ConversationQuery}.
 */
@Component
public class ConversationStore implements IndexedStore {

  private static final Set<ConversationStatus> OPEN = ConversationQuery.OPEN;

  private static final int BATCH = 500;

  private final MongoTemplate mongo;

  public ConversationStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        StoreIndex.of(
            ConversationDocument.class,
            new Index("workspaceId", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC)),
        StoreIndex.on(ConversationDocument.class, "workflowId"),
        // Analytics of one flow; the embedded server ignores compound indexes.
        StoreIndex.on(ConversationDocument.class, "workspaceId", "flowId", "startedAt"),
        // The api's conversation gauges count open conversations by flow every 10 s.
        StoreIndex.on(ConversationDocument.class, "status", "flowId"),
        StoreIndex.on(StepBatchDocument.class, "conversationId"),
        // apply: the projection write of every step.
        StoreIndex.exactMatch(ConversationDocument.class, "_id", "workspaceId", "stepCount"));
  }

  public void insert(ConversationDocument conversation) {
    mongo.insert(conversation);
  }

  public Optional<ConversationDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, ConversationDocument.class))
        .filter(c -> workspaceId.equals(c.workspaceId()));
  }

  /** The conversation a workflow run chain belongs to ({@code runId} is the chain's first run). */
  public Optional<ConversationDocument> findByRun(String workflowId, String runId) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("workflowId").is(workflowId).and("runId").is(runId)),
            ConversationDocument.class));
  }

  /**
   * Records the update's steps and sets its state, unless steps from {@code firstSeq} on are
   * already recorded (a retried update): then nothing changes. The steps go first, as a batch of
   * their own (inserting the same batch again changes nothing); the conversation's {@code
   * stepCount} moves only after, so it never counts steps that are not stored.
   *
   * @return whether the update was applied
   */
  public boolean apply(ProgressUpdate progress) {
    Instant now = Instant.now();
    if (!progress.steps().isEmpty()) {
      try {
        mongo.insert(
            StepBatchDocument.of(
                progress.conversationId(), progress.workspaceId(), progress.steps()));
      } catch (DuplicateKeyException sameBatchAgain) {
        // a retried update: its steps are stored
      }
    }
    Update update =
        new Update()
            .set("status", progress.status())
            .set("currentNodeId", progress.currentNodeId())
            .set("variables", progress.variables())
            .set("updatedAt", now)
            .set(
                "waitDeadline",
                progress.waitDeadline() > 0 ? Instant.ofEpochMilli(progress.waitDeadline()) : null)
            .unset("stuck")
            .inc("stepCount", progress.steps().size());
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

  /**
   * Counts a failed attempt of the workflow task of the open conversation with this workflow id,
   * unless the conversation made progress since {@code at} (a failure reported late). One atomic
   * update, so replicas reporting failures of the same conversation count each once.
   *
   * @param errorClass the class of the failure's innermost cause
   * @return the conversation with its updated record, or empty when none is open under this id
   */
  public Optional<ConversationDocument> recordTaskFailure(
      String workflowId, String errorClass, Instant at) {
    return Optional.ofNullable(
        mongo.findAndModify(
            query(where("workflowId").is(workflowId).and("status").in(OPEN).and("updatedAt").lt(at))
                .with(Sort.by(Sort.Direction.DESC, "startedAt")),
            new Update()
                .min("stuck.since", at)
                .inc("stuck.attempts", 1)
                .set("stuck.lastError", errorClass)
                .set("stuck.lastFailedAt", at),
            FindAndModifyOptions.options().returnNew(true),
            ConversationDocument.class));
  }

  /** Open conversations of one flow and status, the start of the oldest, and how many are late. */
  public record OpenCounts(
      String flowId, ConversationStatus status, long count, Instant oldestStart) {}

  /** Per flow and open status: how many, and when the oldest started. */
  public List<OpenCounts> openCounts() {
    List<OpenCounts> counts = new ArrayList<>();
    for (org.bson.Document row :
        mongo
            .aggregate(
                Aggregation.newAggregation(
                    Aggregation.match(where("status").in(OPEN)),
                    Aggregation.group("flowId", "status")
                        .count()
                        .as("count")
                        .min("startedAt")
                        .as("oldest")),
                ConversationDocument.class,
                org.bson.Document.class)
            .getMappedResults()) {
      org.bson.Document id = row.get("_id", org.bson.Document.class);
      Object oldest = row.get("oldest");
      counts.add(
          new OpenCounts(
              id == null ? null : id.getString("flowId"),
              id == null
                  ? null
                  : StatusValueConverter.fromWireName(id.getString("status")).orElse(null),
              ((Number) row.get("count")).longValue(),
              oldest instanceof java.util.Date date ? date.toInstant() : null));
    }
    return counts;
  }

  /** Per flow id ({@code ""} for none), how many conversations match. */
  public Map<String, Long> countByFlow(ConversationQuery which) {
    Map<String, Long> counts = new HashMap<>();
    for (org.bson.Document row :
        mongo
            .aggregate(
                Aggregation.newAggregation(
                    Aggregation.match(criteria(which)),
                    Aggregation.group("flowId").count().as("count")),
                ConversationDocument.class,
                org.bson.Document.class)
            .getMappedResults()) {
      Object flowId = row.get("_id");
      counts.merge(
          flowId == null ? "" : flowId.toString(),
          ((Number) row.get("count")).longValue(),
          Long::sum);
    }
    return counts;
  }

  /** The flows that started conversations since {@code since}, at most {@code limit}. */
  public List<String> flowsStartedSince(Instant since, int limit) {
    return mongo
        .findDistinct(
            query(where("startedAt").gte(since)),
            "flowId",
            ConversationDocument.class,
            String.class)
        .stream()
        .filter(java.util.Objects::nonNull)
        .limit(limit)
        .toList();
  }

  /** The other open conversations of a workflow id, which a restart is about to close. */
  public List<ConversationDocument> openExcept(String workflowId, String keepId) {
    Query query =
        query(where("workflowId").is(workflowId).and("status").in(OPEN).and("_id").ne(keepId));
    query.fields().exclude("steps");
    return mongo.find(query, ConversationDocument.class);
  }

  /**
   * The recorded step history of a conversation, in sequence order: each sequence number once, and
   * only the {@code stepCount} the conversation has recorded.
   */
  public ConversationDocument withSteps(ConversationDocument conversation) {
    return withSteps(List.of(conversation)).get(0);
  }

  /** {@link #withSteps(ConversationDocument)} for many conversations, one query per 500. */
  public List<ConversationDocument> withSteps(List<ConversationDocument> conversations) {
    Map<String, TreeMap<Integer, Step>> bySeq = new HashMap<>();
    for (int i = 0; i < conversations.size(); i += BATCH) {
      List<String> ids =
          conversations.subList(i, Math.min(i + BATCH, conversations.size())).stream()
              .map(ConversationDocument::id)
              .toList();
      for (StepBatchDocument batch :
          mongo.find(query(where("conversationId").in(ids)), StepBatchDocument.class)) {
        TreeMap<Integer, Step> steps =
            bySeq.computeIfAbsent(batch.conversationId(), id -> new TreeMap<>());
        batch.steps().forEach(step -> steps.putIfAbsent(step.seq(), step));
      }
    }
    List<ConversationDocument> result = new ArrayList<>(conversations.size());
    for (ConversationDocument c : conversations) {
      TreeMap<Integer, Step> steps = bySeq.getOrDefault(c.id(), new TreeMap<>());
      if (c.steps() != null) {
        c.steps().forEach(step -> steps.putIfAbsent(step.seq(), step));
      }
      result.add(c.withSteps(List.copyOf(steps.headMap(c.stepCount()).values())));
    }
    return result;
  }

  /** A page of the matching conversations, newest first, without their step histories. */
  public List<ConversationDocument> list(ConversationQuery which, long offset, int limit) {
    Query query =
        query(criteria(which))
            .with(Sort.by(Sort.Direction.DESC, "startedAt"))
            .skip(offset)
            .limit(limit);
    query.fields().exclude("steps");
    return mongo.find(query, ConversationDocument.class);
  }

  public long count(ConversationQuery which) {
    return mongo.count(query(criteria(which)), ConversationDocument.class);
  }

  public boolean exists(ConversationQuery which) {
    return mongo.exists(query(criteria(which)), ConversationDocument.class);
  }

  /**
   * Hands every matching conversation to {@code each}, streamed, without its step history and
   * variables.
   */
  public void forEach(ConversationQuery which, Consumer<ConversationDocument> each) {
    Query query = query(criteria(which));
    query.fields().exclude("steps").exclude("variables");
    stream(query, each);
  }

  /**
   * Hands every matching conversation to {@code each} with its step history (read as {@link
   * #withSteps(List)} reads it, {@value #BATCH} conversations at a time), without its variables.
   */
  public void forEachWithSteps(ConversationQuery which, Consumer<ConversationDocument> each) {
    Query query = query(criteria(which));
    query.fields().exclude("variables");
    List<ConversationDocument> chunk = new ArrayList<>(BATCH);
    stream(
        query,
        c -> {
          chunk.add(c);
          if (chunk.size() == BATCH) {
            withSteps(chunk).forEach(each);
            chunk.clear();
          }
        });
    withSteps(chunk).forEach(each);
  }

  private void stream(Query query, Consumer<ConversationDocument> each) {
    try (Stream<ConversationDocument> all = mongo.stream(query, ConversationDocument.class)) {
      all.forEach(each);
    }
  }

  /** The query's conditions as MongoDB criteria. */
  static Criteria criteria(ConversationQuery which) {
    Criteria criteria = new Criteria();
    if (which.workspaceId() != null) {
      criteria = criteria.and("workspaceId").is(which.workspaceId());
    }
    if (which.flowId() != null) {
      criteria = criteria.and("flowId").is(which.flowId());
    }
    if (which.flowVersion() != null) {
      criteria = criteria.and("flowVersion").is(which.flowVersion());
    }
    if (which.channelId() != null) {
      criteria = criteria.and("channelId").is(which.channelId());
    }
    if (which.contactKey() != null) {
      criteria = criteria.and("contactKey").is(which.contactKey());
    }
    if (which.statuses() != null) {
      criteria =
          which.statuses().size() == 1
              ? criteria.and("status").is(which.statuses().iterator().next())
              : criteria.and("status").in(which.statuses().stream().sorted().toList());
    }
    if (which.stuck()) {
      criteria = criteria.and("stuck.attempts").gte(TaskFailures.STUCK_AFTER_ATTEMPTS);
    }
    if (which.waitDeadlineBefore() != null) {
      criteria = criteria.and("waitDeadline").lt(which.waitDeadlineBefore());
    }
    if (which.startedFrom() != null && which.startedBefore() != null) {
      criteria = criteria.and("startedAt").gte(which.startedFrom()).lt(which.startedBefore());
    } else if (which.startedFrom() != null) {
      criteria = criteria.and("startedAt").gte(which.startedFrom());
    } else if (which.startedBefore() != null) {
      criteria = criteria.and("startedAt").lt(which.startedBefore());
    }
    return criteria;
  }

  /** Marks every open conversation {@code status}; used when Temporal lost them. */
  public long markOpenAs(ConversationStatus status) {
    return mongo
        .updateMulti(
            query(where("status").in(OPEN)),
            new Update()
                .set("status", status)
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
    mongo.remove(query(where("conversationId").is(id)), StepBatchDocument.class);
  }

  /**
   * Closes the conversation of this workflow run chain if it is still open (Temporal ended it
   * without the workflow recording its end, e.g. a terminate).
   *
   * @return how many were closed (0 or 1)
   */
  public long closeRun(String workflowId, String runId, ConversationStatus status) {
    return close(query(where("workflowId").is(workflowId).and("runId").is(runId)), status);
  }

  /**
   * Closes this conversation if it is still open; a conversation that ended meanwhile keeps its
   * status.
   *
   * @return whether it was closed
   */
  public boolean closeIfOpen(String id, ConversationStatus status) {
    return close(query(where("_id").is(id)), status) > 0;
  }

  private long close(Query which, ConversationStatus status) {
    Instant now = Instant.now();
    return mongo
        .updateMulti(
            which.addCriteria(where("status").in(OPEN)),
            new Update().set("status", status).set("endedAt", now).set("updatedAt", now),
            ConversationDocument.class)
        .getModifiedCount();
  }
}
