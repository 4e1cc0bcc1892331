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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Cost: per {@code partition} of uncounted conversations, one pass over the conversations that
 * reads them (the ones the counters do not count yet, up to a partition) and their step batches,
 * read by the {@code conversationId} index {@value #STEP_READ} conversations at a time; a
 * conversation is counted as soon as the pass has seen its whole history ({@code stepCount} steps),
 * in batches of {@value #ADOPT_BATCH} per counter document, each one bulk write. Memory holds a
 * partition's conversations (their key, status and times) and the steps of those whose history the
 * pass has only partly seen; then one pass over the messages.
 */
@Component
public class AnalyticsBackfill {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsBackfill.class);
  private static final int ADOPT_BATCH = 500;

  /** Counted conversations held for their counter documents' batches before all are written. */
  private static final int HELD = 25_000;

  private static final String MARKER = "analytics_backfill";

  /**
   * Conversations whose step batches one query reads, by the {@code conversationId} index (on the
   * embedded server too, which plans an {@code $in} of up to 256 values on an index).
   */
  private static final int STEP_READ = 200;

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

  /** An uncounted conversation as its partition read it: all its count needs but its steps. */
  private record Uncounted(
      String id, CounterKey key, Contributions.Status status, int stepCount, List<Step> inline) {}

  /** Counts every uncounted conversation and message, {@code partition} conversations at a time. */
  public Result run(int partition) {
    long adopted = 0;
    long skipped = 0;
    while (true) {
      Map<String, Uncounted> uncounted = uncounted(partition);
      if (!uncounted.isEmpty()) {
        long[] done = conversations(uncounted);
        adopted += done[0];
        skipped += done[1];
        log.info("analytics backfill: {} conversations counted", adopted);
      }
      // A partition that was not full was the last one: every conversation the pass found
      // uncounted is counted now, by this run or by its writer.
      if (uncounted.size() < partition) {
        break;
      }
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

  /** Up to {@code partition} conversations the counters do not count yet, in one pass. */
  private Map<String, Uncounted> uncounted(int partition) {
    Map<String, Uncounted> found = new LinkedHashMap<>();
    Map<CounterKey, CounterKey> keys = new HashMap<>();
    Map<String, String> statuses = new HashMap<>();
    collection(ConversationDocument.class)
        .find(eq("countSeq", null))
        .projection(
            Projections.include(
                "workspaceId",
                "flowId",
                "flowVersion",
                "startedVersion",
                "status",
                "stepCount",
                "steps",
                "startedAt",
                "endedAt"))
        .limit(partition)
        .batchSize(5_000)
        .forEach(
            raw -> {
              ConversationDocument c = mongo.getConverter().read(ConversationDocument.class, raw);
              CounterKey key = ConversationStore.key(c);
              String status = String.valueOf(raw.get("status"));
              found.put(
                  c.id(),
                  new Uncounted(
                      c.id(),
                      keys.computeIfAbsent(key, k -> k),
                      new Contributions.Status(
                          statuses.computeIfAbsent(status, s -> s), c.startedAt(), c.endedAt()),
                      c.stepCount(),
                      c.steps() == null || c.steps().isEmpty() ? null : c.steps()));
            });
    return found;
  }

  /**
   * Counts one partition of conversations from their step batches: each as soon as the reads have
   * seen its whole history, the others (a history with a step never stored) at the end with the
   * steps there are.
   */
  private long[] conversations(Map<String, Uncounted> uncounted) {
    Adoptions adoptions = new Adoptions(ConversationDocument.class);
    Map<String, Uncounted> waiting = new HashMap<>();
    Map<String, TreeMap<Integer, Step>> seen = new HashMap<>();
    for (Uncounted u : uncounted.values()) {
      TreeMap<Integer, Step> bySeq = new TreeMap<>();
      if (u.inline() != null) {
        u.inline().forEach(step -> bySeq.putIfAbsent(step.seq(), step));
      }
      if (whole(u, bySeq)) {
        adoptions.add(u, bySeq);
      } else {
        waiting.put(u.id(), u);
        if (!bySeq.isEmpty()) {
          seen.put(u.id(), bySeq);
        }
      }
    }
    List<String> ids = new ArrayList<>(waiting.keySet());
    for (int i = 0; i < ids.size(); i += STEP_READ) {
      collection(StepBatchDocument.class)
          .find(in("conversationId", ids.subList(i, Math.min(ids.size(), i + STEP_READ))))
          .batchSize(5_000)
          .forEach(
              raw -> {
                Uncounted u = waiting.get(raw.getString("conversationId"));
                if (u == null) {
                  return;
                }
                StepBatchDocument batch = mongo.getConverter().read(StepBatchDocument.class, raw);
                TreeMap<Integer, Step> bySeq = seen.computeIfAbsent(u.id(), k -> new TreeMap<>());
                batch.steps().forEach(step -> bySeq.putIfAbsent(step.seq(), step));
                if (whole(u, bySeq)) {
                  waiting.remove(u.id());
                  seen.remove(u.id());
                  adoptions.add(u, bySeq);
                }
              });
    }
    for (Uncounted u : waiting.values()) {
      adoptions.add(u, seen.getOrDefault(u.id(), new TreeMap<>()));
    }
    adoptions.flush();
    return new long[] {adoptions.adopted, adoptions.total - adoptions.adopted};
  }

  /** Whether these steps are the conversation's whole history (steps {@code 0..stepCount-1}). */
  private static boolean whole(Uncounted u, TreeMap<Integer, Step> bySeq) {
    return bySeq.size() >= u.stepCount() && bySeq.headMap(u.stepCount()).size() == u.stepCount();
  }

  /**
   * Counted conversations on their way to {@link CountedWrites#adopt}, batched by counter document;
   * at most {@link #HELD} held at a time.
   */
  private final class Adoptions {
    private final Class<?> type;
    private final Map<CounterKey, List<CountedWrites.Adoption>> byKey = new LinkedHashMap<>();
    private int held;
    long adopted;
    long total;

    Adoptions(Class<?> type) {
      this.type = type;
    }

    void add(Uncounted u, TreeMap<Integer, Step> bySeq) {
      List<Step> history = List.copyOf(bySeq.headMap(u.stepCount()).values());
      Contributions.Change whole = Contributions.whole(history, u.status());
      List<CountedWrites.Adoption> batch = byKey.computeIfAbsent(u.key(), k -> new ArrayList<>());
      batch.add(
          new CountedWrites.Adoption(
              u.id(), null, whole.delta(), Updates.set("tally", whole.after().toDocument())));
      held++;
      if (batch.size() == ADOPT_BATCH) {
        write(u.key(), batch);
        byKey.remove(u.key());
      } else if (held >= HELD) {
        flush();
      }
    }

    void flush() {
      byKey.forEach(this::write);
      byKey.clear();
    }

    private void write(CounterKey key, List<CountedWrites.Adoption> batch) {
      adopted += counted.adopt(type, key, batch);
      total += batch.size();
      held -= batch.size();
    }
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
