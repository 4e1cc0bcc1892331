package io.chatflows.store.backfill;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.chatflows.store.analytics.Contributions;
import io.chatflows.store.analytics.CountedWrites;
import io.chatflows.store.analytics.CounterKey;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.conversation.StepBatchDocument;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.workflows.conversation.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts what was stored before the counters existed: every conversation and every message with
 * delivery statuses that carries no {@code countSeq} yet. Idempotent and resumable: each document
 * is counted by the same conditional change live writes use ({@link CountedWrites#adopt}), so a
 * document counted meanwhile by a live write, or by an earlier (possibly interrupted) run, is
 * skipped; running it again after a crash continues where it stopped.
 *
 * <p>Cost: one pass over the conversations to find the uncounted ones, then, per {@code partition}
 * of them, one pass over the step batches and one over the messages (the embedded MongoDB uses no
 * index on {@code conversationId}); memory grows with the partition.
 */
@Component
public class AnalyticsBackfill {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsBackfill.class);
  private static final int ADOPT_BATCH = 500;
  private static final String MARKER = "analytics_backfill";

  private final MongoTemplate mongo;
  private final CountedWrites counted;
  private final FlowCounters counters;

  public AnalyticsBackfill(MongoTemplate mongo, CountedWrites counted, FlowCounters counters) {
    this.mongo = mongo;
    this.counted = counted;
    this.counters = counters;
  }

  /** What one run counted. */
  public record Result(long conversations, long messages, long skipped) {}

  /** Counts every uncounted conversation and message, {@code partition} conversations at a time. */
  public Result run(int partition) {
    MongoCollection<Document> conversations = collection(ConversationDocument.class);
    List<String> uncounted = new ArrayList<>();
    conversations
        .find(eq("countSeq", null))
        .projection(Projections.include("_id"))
        .batchSize(5_000)
        .forEach(d -> uncounted.add(String.valueOf(d.get("_id"))));
    long adopted = 0;
    long skipped = 0;
    for (int i = 0; i < uncounted.size(); i += partition) {
      List<String> ids = uncounted.subList(i, Math.min(uncounted.size(), i + partition));
      long[] done = conversations(ids);
      adopted += done[0];
      skipped += done[1];
      log.info("analytics backfill: {} of {} conversations counted", adopted, uncounted.size());
    }
    long messages = messages();
    log.info(
        "analytics backfill done: {} conversations and {} messages counted, {} counted meanwhile",
        adopted,
        messages,
        skipped);
    mongo
        .getCollection(MARKER)
        .replaceOne(
            eq("_id", "done"),
            new Document("_id", "done").append("at", new Date()),
            new ReplaceOptions().upsert(true));
    return new Result(adopted, messages, skipped);
  }

  /** Whether a run ever completed here (a version with counters started on this data before). */
  public boolean completedOnce() {
    return mongo.getCollection(MARKER).find(eq("_id", "done")).first() != null;
  }

  /** Counts one partition of conversations: their whole histories, grouped by counter document. */
  private long[] conversations(List<String> ids) {
    Set<String> wanted = new HashSet<>(ids);
    Map<String, TreeMap<Integer, Step>> steps = new HashMap<>();
    collection(StepBatchDocument.class)
        .find()
        .batchSize(5_000)
        .forEach(
            raw -> {
              String conversationId = raw.getString("conversationId");
              if (wanted.contains(conversationId)) {
                StepBatchDocument batch = mongo.getConverter().read(StepBatchDocument.class, raw);
                TreeMap<Integer, Step> bySeq =
                    steps.computeIfAbsent(conversationId, k -> new TreeMap<>());
                batch.steps().forEach(step -> bySeq.putIfAbsent(step.seq(), step));
              }
            });
    Map<CounterKey, List<CountedWrites.Adoption>> byKey = new LinkedHashMap<>();
    MongoCollection<Document> conversations = collection(ConversationDocument.class);
    for (int i = 0; i < ids.size(); i += ADOPT_BATCH) {
      for (Document raw :
          conversations.find(in("_id", ids.subList(i, Math.min(ids.size(), i + ADOPT_BATCH))))) {
        if (raw.get("countSeq") != null) {
          continue;
        }
        ConversationDocument c = mongo.getConverter().read(ConversationDocument.class, raw);
        TreeMap<Integer, Step> bySeq = steps.getOrDefault(c.id(), new TreeMap<>());
        if (c.steps() != null) {
          c.steps().forEach(step -> bySeq.putIfAbsent(step.seq(), step));
        }
        List<Step> history = List.copyOf(bySeq.headMap(c.stepCount()).values());
        Contributions.Change whole =
            Contributions.whole(
                history,
                new Contributions.Status(
                    String.valueOf(raw.get("status")), c.startedAt(), c.endedAt()));
        byKey
            .computeIfAbsent(ConversationStore.key(c), k -> new ArrayList<>())
            .add(
                new CountedWrites.Adoption(
                    c.id(), null, whole.delta(), Updates.set("tally", whole.after().toDocument())));
      }
    }
    long adopted = 0;
    long total = 0;
    for (Map.Entry<CounterKey, List<CountedWrites.Adoption>> e : byKey.entrySet()) {
      List<CountedWrites.Adoption> all = e.getValue();
      for (int i = 0; i < all.size(); i += ADOPT_BATCH) {
        List<CountedWrites.Adoption> batch = all.subList(i, Math.min(all.size(), i + ADOPT_BATCH));
        adopted += counted.adopt(ConversationDocument.class, e.getKey(), batch);
        total += batch.size();
      }
    }
    return new long[] {adopted, total - adopted};
  }

  /**
   * Counts the delivery statuses of every uncounted message, and names the templates every message
   * of a counted conversation sent (its sends are counted from the conversation's steps).
   */
  private long messages() {
    Map<String, CounterKey> keys = new HashMap<>();
    Map<CounterKey, List<CountedWrites.Adoption>> byKey = new LinkedHashMap<>();
    Map<CounterKey, FlowCounts> labels = new LinkedHashMap<>();
    List<Document> page = new ArrayList<>();
    long adopted = 0;
    for (Document raw : collection(MessageDocument.class).find().batchSize(5_000)) {
      page.add(raw);
      if (page.size() == ADOPT_BATCH) {
        collect(page, keys, byKey, labels);
        page.clear();
      }
    }
    collect(page, keys, byKey, labels);
    labels.forEach(counters::label);
    for (Map.Entry<CounterKey, List<CountedWrites.Adoption>> e : byKey.entrySet()) {
      List<CountedWrites.Adoption> all = e.getValue();
      for (int i = 0; i < all.size(); i += ADOPT_BATCH) {
        adopted +=
            counted.adopt(
                MessageDocument.class,
                e.getKey(),
                all.subList(i, Math.min(all.size(), i + ADOPT_BATCH)));
      }
    }
    return adopted;
  }

  private void collect(
      List<Document> page,
      Map<String, CounterKey> keys,
      Map<CounterKey, List<CountedWrites.Adoption>> byKey,
      Map<CounterKey, FlowCounts> labels) {
    List<String> missing = new ArrayList<>();
    for (Document raw : page) {
      String conversationId = raw.getString("conversationId");
      if (conversationId != null && !keys.containsKey(conversationId)) {
        missing.add(conversationId);
      }
    }
    if (!missing.isEmpty()) {
      for (Document raw : collection(ConversationDocument.class).find(in("_id", missing))) {
        keys.put(
            String.valueOf(raw.get("_id")),
            ConversationStore.key(mongo.getConverter().read(ConversationDocument.class, raw)));
      }
    }
    for (Document raw : page) {
      CounterKey key = keys.get(raw.getString("conversationId"));
      if (key == null) {
        continue;
      }
      MessageDocument m = mongo.getConverter().read(MessageDocument.class, raw);
      if ("template".equals(m.kind()) && m.templateName() != null) {
        labels
                .computeIfAbsent(key, k -> new FlowCounts())
                .message(String.valueOf(m.nodeId()), "template")
                .templateName =
            m.templateName();
      }
      Map<String, Instant> statuses = m.statuses() == null ? Map.of() : m.statuses();
      if (raw.get("countSeq") == null && !statuses.isEmpty()) {
        FlowCounts delta = new FlowCounts();
        Contributions.message(delta, m.nodeId(), m.kind(), m.templateName(), statuses.keySet(), 1);
        byKey
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(new CountedWrites.Adoption(m.id(), null, delta, null));
      }
    }
  }

  private MongoCollection<Document> collection(Class<?> type) {
    return mongo.getCollection(mongo.getCollectionName(type));
  }
}
