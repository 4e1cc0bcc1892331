package io.chatflows.store.conversation;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.Updates;
import io.chatflows.store.analytics.Contributions;
import io.chatflows.store.analytics.CountedState;
import io.chatflows.store.analytics.CountedWrites;
import io.chatflows.store.analytics.CounterKey;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
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
 * The conversation projection. Every write is one atomic single-document update; the writes that
 * move its analytics counts (start, steps, status, delete) go through {@link CountedWrites}, which
 * counts each exactly once.
 */
@Component
public class ConversationStore implements IndexedStore {

  private static final Set<ConversationStatus> OPEN = ConversationQuery.OPEN;

  private static final int BATCH = 500;

  private final MongoTemplate mongo;
  private final CountedWrites counted;

  @Autowired
  public ConversationStore(MongoTemplate mongo, CountedWrites counted) {
    this.mongo = mongo;
    this.counted = counted;
  }

  /** A store counting into its own counters (tests and tools outside a Spring context). */
  public ConversationStore(MongoTemplate mongo) {
    this(mongo, new CountedWrites(mongo, new FlowCounters(mongo)));
  }

  /** Stores a new conversation and counts its start. */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        StoreIndex.of(
            ConversationDocument.class,
            new Index("workspaceId", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC)),
        StoreIndex.on(ConversationDocument.class, "workflowId"),
        // The conversation list (list and count): every filter it takes, in equality-sort order
        // (the equality fields, then startedAt, newest first), so MongoDB walks only the matching
        // entries of one index in the order it answers them. By flow alone: the analytics index
        // below, walked backwards.
        listIndex("flowId", "status"),
        listIndex("flowId", "currentNodeId"),
        listIndex("status"),
        listIndex("contactKey"),
        // One flow's conversations by start (the list by flow, the analytics of part of an hour);
        // the embedded server ignores compound indexes.
        StoreIndex.on(ConversationDocument.class, "workspaceId", "flowId", "startedAt"),
        // The api's conversation gauges count open conversations by flow and status, with the
        // oldest start, every 10 s: covered by this index (MongoDB reads its keys, no document;
        // the embedded server answers each group with one seek and two ranks).
        StoreIndex.on(ConversationDocument.class, "status", "flowId", "startedAt"),
        // The overdue and stuck gauges count, per flow, the waiting conversations whose deadline
        // passed and the open ones with failed attempts: a range of the last field under each
        // status and flow, read from these (by MongoDB as index keys; by the embedded server as
        // two ranks per flow), not from every open conversation.
        StoreIndex.on(ConversationDocument.class, "status", "flowId", "waitDeadline"),
        StoreIndex.on(ConversationDocument.class, "status", "flowId", "stuck.attempts"),
        StoreIndex.on(StepBatchDocument.class, "conversationId"),
        // CountedWrites: every counted change of a conversation (start, steps, close, delete) is
        // conditional on the count sequence it was planned from.
        StoreIndex.exactMatch(ConversationDocument.class, "_id", "countSeq"));
  }

  private static StoreIndex listIndex(String... equalities) {
    Index index = new Index("workspaceId", Sort.Direction.ASC);
    for (String field : equalities) {
      index.on(field, Sort.Direction.ASC);
    }
    return StoreIndex.of(ConversationDocument.class, index.on("startedAt", Sort.Direction.DESC));
  }

  public void insert(ConversationDocument conversation) {
    Document stored = new Document();
    mongo.getConverter().write(conversation, stored);
    stored.put("tally", CountedState.START.toDocument());
    counted.insert(
        ConversationDocument.class,
        stored,
        key(conversation),
        Contributions.started(status(conversation)).delta());
  }

  /** The counter document a conversation's counts go to. */
  public static CounterKey key(ConversationDocument c) {
    return CounterKey.of(
        c.workspaceId(),
        String.valueOf(c.flowId()),
        c.countedVersion(),
        c.startedAt() == null ? Instant.EPOCH : c.startedAt());
  }

  private static Contributions.Status status(ConversationDocument c) {
    return new Contributions.Status(
        c.status() == null ? null : c.status().wireName(), c.startedAt(), c.endedAt());
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
   * stepCount} moves only after, so it never counts steps that are not stored. The analytics counts
   * move with the conversation, once per update however often it is retried.
   *
   * @return whether the update was applied
   */
  public boolean apply(ProgressUpdate progress) {
    return apply(progress, Map.of());
  }

  /**
   * {@link #apply(ProgressUpdate)}, naming the templates sent by this update's steps (by node), for
   * the analytics report.
   */
  public boolean apply(ProgressUpdate progress, Map<String, String> templatesSent) {
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
    return counted
        .change(
            ConversationDocument.class,
            progress.conversationId(),
            source -> {
              ConversationDocument c = source.document();
              if (c == null
                  || !progress.workspaceId().equals(c.workspaceId())
                  || c.stepCount() != progress.firstSeq()) {
                return Optional.empty();
              }
              Instant endedAt = progress.status().isOpen() ? c.endedAt() : now;
              Contributions.Status after =
                  new Contributions.Status(progress.status().wireName(), c.startedAt(), endedAt);
              Contributions.Change change =
                  source.isCounted()
                      ? Contributions.progress(tally(source), status(c), progress.steps(), after)
                      : adopt(c, progress.steps(), after);
              templatesSent.forEach(
                  (nodeId, name) -> change.delta().message(nodeId, "template").templateName = name);
              List<Bson> update = new ArrayList<>();
              update.add(Updates.set("status", progress.status().wireName()));
              update.add(Updates.set("currentNodeId", progress.currentNodeId()));
              update.add(Updates.set("variables", new Document(progress.variables())));
              update.add(Updates.set("updatedAt", Date.from(now)));
              update.add(
                  Updates.set(
                      "waitDeadline",
                      progress.waitDeadline() > 0 ? new Date(progress.waitDeadline()) : null));
              update.add(Updates.unset("stuck"));
              if (progress.resumePoint() != null) {
                update.add(Updates.set("resumePoint", resumePoint(progress.resumePoint())));
              }
              if (progress.flowVersion() > 0 && progress.flowVersion() != c.flowVersion()) {
                // Migrated: it runs another version now; its counts stay with the one it started
                // on.
                update.add(Updates.set("flowVersion", progress.flowVersion()));
                if (c.startedVersion() == null) {
                  update.add(Updates.set("startedVersion", c.flowVersion()));
                }
              }
              update.add(Updates.inc("stepCount", progress.steps().size()));
              update.add(Updates.set("tally", change.after().toDocument()));
              if (!progress.status().isOpen()) {
                update.add(Updates.set("endedAt", Date.from(now)));
              }
              return Optional.of(
                  new CountedWrites.Plan(key(c), change.delta(), Updates.combine(update)));
            })
        .isPresent();
  }

  private static Document resumePoint(ResumePoint point) {
    Document stored = new Document("sendSeq", point.sendSeq());
    if (point.waitingMessageId() != null) {
      stored.append("waitingMessageId", point.waitingMessageId());
    }
    if (point.lastReply() != null) {
      stored.append("lastReply", point.lastReply());
    }
    if (point.waitSendSeq() > 0) {
      stored.append("waitSendSeq", point.waitSendSeq());
    }
    if (point.reprompts() > 0) {
      stored.append("reprompts", point.reprompts());
    }
    return stored;
  }

  private static CountedState tally(CountedWrites.Source<ConversationDocument> source) {
    CountedState state = CountedState.of(source.raw().get("tally", Document.class));
    return state == null ? CountedState.START : state;
  }

  /**
   * The first counted change of a conversation stored before the counters: its whole history so far
   * and these steps.
   */
  private Contributions.Change adopt(
      ConversationDocument c, List<Step> steps, Contributions.Status after) {
    List<Step> all = new ArrayList<>(withSteps(c).steps());
    all.addAll(steps);
    return Contributions.whole(all, after);
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
    if (which.currentNodeId() != null) {
      criteria = criteria.and("currentNodeId").is(which.currentNodeId());
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
    // One counted close per conversation (not one multi-document update): each moves its counts.
    List<String> open = new ArrayList<>();
    forEach(ConversationQuery.everywhere().open().build(), c -> open.add(c.id()));
    long closed = 0;
    for (String id : open) {
      closed += closeIfOpen(id, status) ? 1 : 0;
    }
    return closed;
  }

  public void setRunId(String id, String runId) {
    mongo.updateFirst(
        query(where("_id").is(id)), new Update().set("runId", runId), ConversationDocument.class);
  }

  /** Deletes a conversation and its steps, taking its analytics counts back. */
  public void delete(String id) {
    boolean counts =
        counted.delete(
            ConversationDocument.class,
            id,
            source -> {
              if (!source.isCounted()) {
                return Optional.empty();
              }
              ConversationDocument c = source.document();
              FlowCounts back = new FlowCounts();
              back.add(Contributions.whole(withSteps(c).steps(), status(c)).delta(), -1);
              return Optional.of(new CountedWrites.Plan(key(c), back, null));
            });
    if (!counts) {
      mongo.remove(query(where("_id").is(id)), ConversationDocument.class);
    }
    mongo.remove(query(where("conversationId").is(id)), StepBatchDocument.class);
  }

  /**
   * Closes the conversation of this workflow run chain if it is still open (Temporal ended it
   * without the workflow recording its end, e.g. a terminate).
   *
   * @return how many were closed (0 or 1)
   */
  public long closeRun(String workflowId, String runId, ConversationStatus status) {
    return findByRun(workflowId, runId).map(c -> closeIfOpen(c.id(), status) ? 1L : 0L).orElse(0L);
  }

  /**
   * Closes this conversation if it is still open; a conversation that ended meanwhile keeps its
   * status.
   *
   * @return whether it was closed
   */
  public boolean closeIfOpen(String id, ConversationStatus status) {
    Instant now = Instant.now();
    return counted
        .change(
            ConversationDocument.class,
            id,
            source -> {
              ConversationDocument c = source.document();
              if (c == null || !OPEN.contains(c.status())) {
                return Optional.empty();
              }
              Contributions.Status after =
                  new Contributions.Status(status.wireName(), c.startedAt(), now);
              Contributions.Change change =
                  source.isCounted()
                      ? Contributions.progress(tally(source), status(c), List.of(), after)
                      : adopt(c, List.of(), after);
              return Optional.of(
                  new CountedWrites.Plan(
                      key(c),
                      change.delta(),
                      Updates.combine(
                          Updates.set("status", status.wireName()),
                          Updates.set("endedAt", Date.from(now)),
                          Updates.set("updatedAt", Date.from(now)),
                          Updates.set("tally", change.after().toDocument()))));
            })
        .isPresent();
  }
}
