package io.chatflows.store.analytics;

import static com.mongodb.client.model.Filters.all;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The analytics counter documents ({@code flow_counters}): one per flow version and hour of
 * conversation start ({@link CounterKey}), holding the {@link FlowCounts} of those conversations,
 * and a catalog per flow ({@code flow_counter_hours}) of the first and last hour each version has
 * counts for.
 *
 * <p>A counted change is made in three single-document writes (see {@link CountedWrites}): its
 * delta is first <em>intended</em> on the counter document (an entry in {@code pending} under a new
 * token), then the source document (a conversation or a message) is changed, recording the token as
 * its {@code countToken}, then the delta is <em>folded</em>: added to the counts and its entry
 * removed, in one update that only matches while the entry is there. A token is therefore folded at
 * most once, and only after its change was made; a pending entry whose source does not carry its
 * token (the change lost a race, or its writer died before making it) is never folded. Readers add
 * the pending entries whose change was made, so an answer never misses a change a reader could
 * already see on the conversation.
 */
@Component
public class FlowCounters implements IndexedStore {

  static final String COLLECTION = "flow_counters";
  static final String CATALOG = "flow_counter_hours";

  /** A pending change left by a writer that died is completed (or dropped) after this long. */
  static final Duration ABANDONED = Duration.ofSeconds(30);

  /** How often a writer waiting for a backfill batch's own fold looks again. */
  private static final Duration BATCH_WAIT = Duration.ofMillis(10);

  /** An uncommitted pending entry is dropped after this long (its writer is gone). */
  static final Duration ORPHANED = Duration.ofHours(1);

  private static final String SENTINEL = "-";
  private static final int IN_BATCH = 1000;

  /** One source document's share of a pending change. */
  public record Part(String sourceId, FlowCounts delta) {}

  /**
   * A change intended on a counter document.
   *
   * @param op {@code change} (committed when the source carries the token) or {@code delete}
   *     (committed when the source is gone)
   * @param source the collection of the changed documents
   */
  public record Pending(String token, Instant at, String op, String source, List<Part> parts) {

    Document toDocument() {
      List<Document> docs = new ArrayList<>();
      for (Part p : parts) {
        docs.add(new Document("id", p.sourceId()).append("delta", p.delta().toDocument()));
      }
      return new Document("token", token)
          .append("at", Date.from(at))
          .append("op", op)
          .append("source", source)
          .append("parts", docs);
    }

    static Pending of(Document d) {
      List<Part> parts = new ArrayList<>();
      for (Document p : d.getList("parts", Document.class, List.of())) {
        parts.add(
            new Part(p.getString("id"), FlowCounts.fromDocument(p.get("delta", Document.class))));
      }
      Date at = d.getDate("at");
      return new Pending(
          d.getString("token"),
          at == null ? Instant.EPOCH : at.toInstant(),
          d.getString("op"),
          d.getString("source"),
          parts);
    }
  }

  private final MongoTemplate mongo;
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  public FlowCounters(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** A counter document, as indexes name it (its fields are read and written raw). */
  @org.springframework.data.mongodb.core.mapping.Document(COLLECTION)
  record CounterDocument(String id) {}

  /** A flow's catalog of counted hours, as indexes name it. */
  @org.springframework.data.mongodb.core.mapping.Document(CATALOG)
  record CatalogDocument(String id) {}

  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        // flows(): the flows of a workspace that have counts.
        StoreIndex.on(CatalogDocument.class, "workspaceId", "flowId"),
        // Folds and readers address a counter by _id and a pending token: MongoDB uses the _id
        // index, and so does the embedded default's lookup by _id (this index only with
        // chatflow.store.exact-match-indexes).
        StoreIndex.exactMatch(CounterDocument.class, "_id", "pending.token"));
  }

  static String newToken() {
    return UUID.randomUUID().toString();
  }

  private MongoCollection<Document> counters() {
    return mongo.getCollection(COLLECTION);
  }

  private MongoCollection<Document> catalog() {
    return mongo.getCollection(CATALOG);
  }

  /**
   * Makes sure the counter document exists (with the entry that keeps its {@code pending} array
   * from ever being empty, which the embedded server's array index needs) and that the flow's
   * catalog covers its hour. Idempotent; once per key and process.
   */
  void ensure(CounterKey key) {
    if (ensured.contains(key.id())) {
      return;
    }
    counters()
        .updateOne(
            eq("_id", key.id()),
            Updates.combine(
                Updates.setOnInsert("workspaceId", key.workspaceId()),
                Updates.setOnInsert("flowId", key.flowId()),
                Updates.setOnInsert("version", key.version()),
                Updates.setOnInsert("hour", Date.from(key.hour())),
                Updates.setOnInsert("pending", List.of(new Document("token", SENTINEL)))),
            new UpdateOptions().upsert(true));
    String version = "versions." + key.version() + ".";
    catalog()
        .updateOne(
            eq("_id", CounterKey.flowId(key.workspaceId(), key.flowId())),
            Updates.combine(
                Updates.setOnInsert("workspaceId", key.workspaceId()),
                Updates.setOnInsert("flowId", key.flowId()),
                Updates.min(version + "first", Date.from(key.hour())),
                Updates.max(version + "last", Date.from(key.hour()))),
            new UpdateOptions().upsert(true));
    if (ensured.size() > 100_000) {
      ensured.clear();
    }
    ensured.add(key.id());
  }

  /** Records the intended change on the counter document, before its source is changed. */
  protected void intend(CounterKey key, Pending pending) {
    ensure(key);
    Bson push = Updates.push("pending", pending.toDocument());
    if (counters().updateOne(eq("_id", key.id()), push).getMatchedCount() == 0) {
      ensured.remove(key.id());
      ensure(key);
      counters().updateOne(eq("_id", key.id()), push);
    }
  }

  /**
   * Adds {@code sum} to the counts and removes the pending entry, if it is still there.
   *
   * @return whether this call folded it
   */
  protected boolean fold(CounterKey key, String token, FlowCounts sum) {
    return fold(key.id(), token, sum);
  }

  private boolean fold(String counterId, String token, FlowCounts sum) {
    return fold(counterId, List.of(token), sum);
  }

  /**
   * Adds {@code sum} to the counts and removes the pending entries of {@code tokens}, only while
   * every one of them is there.
   */
  private boolean fold(String counterId, List<String> tokens, FlowCounts sum) {
    List<Bson> updates = new ArrayList<>();
    sum.toIncrements("c.").forEach((path, value) -> updates.add(Updates.inc(path, (Number) value)));
    sum.toLabels("c.").forEach((path, value) -> updates.add(Updates.min(path, value)));
    Bson pending;
    // One token: the exact match of {_id, pending.token} the embedded server has an index for.
    if (tokens.size() == 1) {
      updates.add(Updates.pull("pending", new Document("token", tokens.get(0))));
      pending = eq("pending.token", tokens.get(0));
    } else {
      updates.add(Updates.pull("pending", new Document("token", new Document("$in", tokens))));
      pending = all("pending.token", tokens);
    }
    return counters()
            .updateOne(and(eq("_id", counterId), pending), Updates.combine(updates))
            .getModifiedCount()
        > 0;
  }

  /**
   * Folds several changes of one counter document in one update: adds their deltas and removes
   * their entries, only while every one of the entries is there.
   *
   * @param deltas by token
   * @return whether this call folded them; false when one of them was folded already (by another
   *     writer or a reader), and none was folded by this call
   */
  protected boolean foldAll(CounterKey key, Map<String, FlowCounts> deltas) {
    FlowCounts sum = new FlowCounts();
    deltas.values().forEach(sum::add);
    return fold(key.id(), List.copyOf(deltas.keySet()), sum);
  }

  /**
   * Sets labels (node types, edge ends, template names) on a counter document; idempotent, so they
   * need no pending entry.
   */
  public void label(CounterKey key, FlowCounts labels) {
    ensure(key);
    List<Bson> updates = new ArrayList<>();
    labels.toLabels("c.").forEach((path, value) -> updates.add(Updates.min(path, value)));
    if (!updates.isEmpty()) {
      counters().updateOne(eq("_id", key.id()), Updates.combine(updates));
    }
  }

  /** Drops a pending entry whose change was not made. */
  void discard(CounterKey key, String token) {
    discard(key.id(), token);
  }

  private void discard(String counterId, String token) {
    counters()
        .updateOne(
            and(eq("_id", counterId), eq("pending.token", token)),
            Updates.pull("pending", new Document("token", token)));
  }

  /** Whether the counter document still holds this pending entry. */
  boolean isPending(String counterId, String token) {
    return counters()
            .find(and(eq("_id", counterId), eq("pending.token", token)))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /**
   * Finishes the pending entry of a change whose writer may be gone: folds the parts whose change
   * was made. A no-op when the entry is not (or no longer) there.
   *
   * <p>An entry of several documents (a backfill batch) younger than {@link #ABANDONED} is left to
   * its writer: its bulk write may still be changing documents, and a fold now would count those
   * changed so far and remove the entry, so the ones changed afterwards would never count. The
   * caller waits until the entry is gone (folded by its writer) or abandoned.
   */
  void complete(String counterId, String token) {
    while (true) {
      Optional<Pending> pending = pendingEntry(counterId, token);
      if (pending.isEmpty()) {
        return;
      }
      if (pending.get().parts().size() > 1
          && pending.get().at().isAfter(Instant.now().minus(ABANDONED))) {
        pause(BATCH_WAIT);
        continue;
      }
      fold(counterId, token, committed(pending.get()));
      return;
    }
  }

  private Optional<Pending> pendingEntry(String counterId, String token) {
    Document doc =
        counters()
            .find(and(eq("_id", counterId), eq("pending.token", token)))
            .projection(Projections.include("pending"))
            .first();
    if (doc == null) {
      return Optional.empty();
    }
    return doc.getList("pending", Document.class).stream()
        .filter(entry -> token.equals(entry.getString("token")))
        .findFirst()
        .map(Pending::of);
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a backfill batch was being written", e);
    }
  }

  /** The sum of the parts of a pending change whose change was made. */
  private FlowCounts committed(Pending pending) {
    FlowCounts sum = new FlowCounts();
    MongoCollection<Document> source = mongo.getCollection(pending.source());
    Map<String, Document> found = new java.util.HashMap<>();
    List<String> ids = pending.parts().stream().map(Part::sourceId).toList();
    for (int i = 0; i < ids.size(); i += IN_BATCH) {
      source
          .find(in("_id", ids.subList(i, Math.min(ids.size(), i + IN_BATCH))))
          .projection(Projections.include("countToken"))
          .forEach(d -> found.put(String.valueOf(d.get("_id")), d));
    }
    for (Part part : pending.parts()) {
      Document doc = found.get(part.sourceId());
      boolean made =
          "delete".equals(pending.op())
              ? doc == null
              : doc != null && pending.token().equals(doc.getString("countToken"));
      if (made) {
        sum.add(part.delta());
      }
    }
    return sum;
  }

  /**
   * The counts of one flow's conversations that started in the whole hours {@code [fromHour,
   * toHour)} (null: unbounded), of one version or all: the counter documents of those hours plus
   * their pending changes that were made. Pending entries older than {@link #ABANDONED} are
   * completed on the way, and entries whose change was never made are dropped after {@link
   * #ORPHANED}.
   */
  public FlowCounts sum(
      String workspaceId, String flowId, Integer version, Instant fromHour, Instant toHour) {
    FlowCounts total = new FlowCounts();
    List<String> ids = hours(workspaceId, flowId, version, fromHour, toHour);
    for (int i = 0; i < ids.size(); i += IN_BATCH) {
      for (Document doc :
          counters().find(in("_id", ids.subList(i, Math.min(ids.size(), i + IN_BATCH))))) {
        total.add(FlowCounts.fromDocument(doc.get("c", Document.class)));
        for (Document entry : doc.getList("pending", Document.class, List.of())) {
          if (!SENTINEL.equals(entry.getString("token"))) {
            total.add(pendingShare(doc.getString("_id"), Pending.of(entry)));
          }
        }
      }
    }
    return total;
  }

  private FlowCounts pendingShare(String counterId, Pending pending) {
    FlowCounts made = committed(pending);
    Instant now = Instant.now();
    if (pending.at().isBefore(now.minus(ABANDONED))) {
      boolean any = !made.isEmpty();
      if (any) {
        fold(counterId, pending.token(), made);
      } else if (pending.at().isBefore(now.minus(ORPHANED))) {
        discard(counterId, pending.token());
      }
    }
    return made;
  }

  /** The ids of the counter documents a flow may have in the range. */
  private List<String> hours(
      String workspaceId, String flowId, Integer version, Instant fromHour, Instant toHour) {
    Document catalog = catalog().find(eq("_id", CounterKey.flowId(workspaceId, flowId))).first();
    List<String> ids = new ArrayList<>();
    if (catalog == null) {
      return ids;
    }
    Document versions = catalog.get("versions", Document.class);
    for (String v : versions == null ? Set.<String>of() : versions.keySet()) {
      int number = Integer.parseInt(v);
      if (version != null && version != number) {
        continue;
      }
      Document span = versions.get(v, Document.class);
      Instant first = span.getDate("first").toInstant();
      Instant last = span.getDate("last").toInstant();
      if (fromHour != null && first.isBefore(fromHour)) {
        first = fromHour;
      }
      for (Instant h = first;
          !h.isAfter(last) && (toHour == null || h.isBefore(toHour));
          h = h.plus(Duration.ofHours(1))) {
        ids.add(CounterKey.id(workspaceId, flowId, number, h));
      }
    }
    return ids;
  }

  /**
   * The newest version of the flow with conversations that started in hours overlapping {@code
   * [from, to)}; 0 when none.
   */
  public int newestVersion(String workspaceId, String flowId, Instant from, Instant to) {
    Document catalog = catalog().find(eq("_id", CounterKey.flowId(workspaceId, flowId))).first();
    Document versions = catalog == null ? null : catalog.get("versions", Document.class);
    int newest = 0;
    for (String v : versions == null ? Set.<String>of() : versions.keySet()) {
      Document span = versions.get(v, Document.class);
      Instant first = span.getDate("first").toInstant();
      Instant last = span.getDate("last").toInstant().plus(Duration.ofHours(1));
      if ((to == null || first.isBefore(to)) && (from == null || last.isAfter(from))) {
        newest = Math.max(newest, Integer.parseInt(v));
      }
    }
    return newest;
  }

  /** Whether any conversation of this flow was ever counted. */
  public boolean hasCounts(String workspaceId, String flowId) {
    return catalog().find(eq("_id", CounterKey.flowId(workspaceId, flowId))).first() != null;
  }

  /** The flows of a workspace that have counts, deleted ones included. */
  public List<String> flows(String workspaceId) {
    List<String> flows = new ArrayList<>();
    catalog()
        .find(eq("workspaceId", workspaceId))
        .projection(Projections.include("flowId"))
        .forEach(d -> flows.add(d.getString("flowId")));
    return flows;
  }

  /** Removes every counter and catalog document (a rebuild starts from nothing). */
  void clear() {
    counters().deleteMany(new Document());
    catalog().deleteMany(new Document());
    ensured.clear();
  }
}
