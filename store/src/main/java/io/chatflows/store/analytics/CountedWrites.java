package io.chatflows.store.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Changes of conversations and messages that the analytics counters count, each counted exactly
 * once: a retried or concurrent change of the same document cannot count twice, and a change whose
 * writer dies half-way is completed by the next writer of that document or by a reader (see {@link
 * FlowCounters} for the three writes).
 *
 * <p>A counted document carries {@code countSeq} (how many counted changes it had: each change is
 * made only if it is still the number the change was planned from, so a change is always planned
 * from the state it replaces), {@code countToken} (the token of its last counted change) and {@code
 * countKey} (the counter document that change went to). Before planning, a writer makes sure the
 * document's last change is folded, so at most one change per document is ever made but not folded,
 * and it is the one its {@code countToken} names. The fold of a change is the {@link
 * CounterFolder}'s work: in the application it is made after the writer returns, off the path of
 * the step or status that made the change, and the next change of the same document folds it first
 * if it still waits.
 */
@Component
public class CountedWrites {

  /** The state a change is planned from: the typed document and its raw form (null if absent). */
  public record Source<T>(T document, Document raw) {

    public long countSeq() {
      Object seq = raw == null ? null : raw.get("countSeq");
      return seq instanceof Number n ? n.longValue() : 0;
    }

    Object countSeqValue() {
      return raw == null ? null : raw.get("countSeq");
    }

    /** Whether the counters count this document already. */
    public boolean isCounted() {
      return raw != null && raw.get("countSeq") != null;
    }
  }

  /**
   * One counted change: the counts it moves on {@code key}'s counter document and the update of the
   * source document (which must not touch {@code countSeq}, {@code countToken}, {@code countKey}).
   */
  public record Plan(CounterKey key, FlowCounts delta, Bson update) {

    /** A change of a document that counts for no flow (a message of no conversation). */
    public static Plan uncounted(Bson update) {
      return new Plan(null, null, update);
    }
  }

  private static final int MAX_ATTEMPTS = 20;

  private final MongoTemplate mongo;
  private final FlowCounters counters;
  private final CounterFolder folder;

  /** Counted writes whose changes are folded by {@code folder}. */
  @Autowired
  public CountedWrites(MongoTemplate mongo, FlowCounters counters, CounterFolder folder) {
    this.mongo = mongo;
    this.counters = counters;
    this.folder = folder;
  }

  /** Counted writes that fold each change before they return (tools and tests). */
  public CountedWrites(MongoTemplate mongo, FlowCounters counters) {
    this(mongo, counters, CounterFolder.inline(counters));
  }

  /**
   * Changes one document as planned from its current state, and counts the change.
   *
   * @param planner the change to make to the document as it is now (null when it does not exist),
   *     or empty to make none
   * @return the state the change replaced; empty when the planner made none
   */
  public <T> Optional<Source<T>> change(
      Class<T> type, String id, Function<Source<T>, Optional<Plan>> planner) {
    MongoCollection<Document> collection = mongo.getCollection(mongo.getCollectionName(type));
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Document raw = collection.find(eq("_id", id)).first();
      finishLastChange(raw);
      Source<T> source =
          new Source<>(raw == null ? null : mongo.getConverter().read(type, raw), raw);
      Optional<Plan> plan = planner.apply(source);
      if (plan.isEmpty()) {
        return Optional.empty();
      }
      if (plan.get().key() == null) {
        if (collection
                .updateOne(
                    and(eq("_id", id), eq("countSeq", source.countSeqValue())), plan.get().update())
                .getModifiedCount()
            > 0) {
          return Optional.of(source);
        }
        continue;
      }
      String token = FlowCounters.newToken();
      FlowCounters.Pending pending =
          new FlowCounters.Pending(
              token,
              Instant.now(),
              "change",
              collection.getNamespace().getCollectionName(),
              List.of(new FlowCounters.Part(id, plan.get().delta())));
      counters.intend(plan.get().key(), pending);
      boolean made =
          collection
                  .updateOne(
                      and(eq("_id", id), eq("countSeq", source.countSeqValue())),
                      Updates.combine(
                          plan.get().update(),
                          Updates.set("countSeq", source.countSeq() + 1),
                          Updates.set("countToken", token),
                          Updates.set("countKey", plan.get().key().id())))
                  .getModifiedCount()
              > 0;
      if (made) {
        folder.fold(plan.get().key(), token, plan.get().delta());
        return Optional.of(source);
      }
      counters.discard(plan.get().key(), token);
    }
    throw new IllegalStateException(
        "document " + id + " kept changing; its change was not made after " + MAX_ATTEMPTS);
  }

  /**
   * Inserts a new document and counts it.
   *
   * @param document the document in its stored form, without count fields
   */
  public void insert(Class<?> type, Document document, CounterKey key, FlowCounts delta) {
    MongoCollection<Document> collection = mongo.getCollection(mongo.getCollectionName(type));
    String token = FlowCounters.newToken();
    String id = String.valueOf(document.get("_id"));
    counters.intend(
        key,
        new FlowCounters.Pending(
            token,
            Instant.now(),
            "change",
            collection.getNamespace().getCollectionName(),
            List.of(new FlowCounters.Part(id, delta))));
    try {
      collection.insertOne(
          document.append("countSeq", 1L).append("countToken", token).append("countKey", key.id()));
    } catch (RuntimeException e) {
      counters.discard(key, token);
      throw e;
    }
    folder.fold(key, token, delta);
  }

  /**
   * Deletes a document as planned from its current state and takes its counts back.
   *
   * @param planner what deleting it takes back ({@link Plan#update()} is not used), or empty to
   *     keep it
   * @return whether it was deleted
   */
  public <T> boolean delete(Class<T> type, String id, Function<Source<T>, Optional<Plan>> planner) {
    MongoCollection<Document> collection = mongo.getCollection(mongo.getCollectionName(type));
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Document raw = collection.find(eq("_id", id)).first();
      if (raw == null) {
        return false;
      }
      finishLastChange(raw);
      Source<T> source = new Source<>(mongo.getConverter().read(type, raw), raw);
      Optional<Plan> plan = planner.apply(source);
      if (plan.isEmpty()) {
        return false;
      }
      String token = FlowCounters.newToken();
      counters.intend(
          plan.get().key(),
          new FlowCounters.Pending(
              token,
              Instant.now(),
              "delete",
              collection.getNamespace().getCollectionName(),
              List.of(new FlowCounters.Part(id, plan.get().delta()))));
      if (collection
              .deleteOne(and(eq("_id", id), eq("countSeq", source.countSeqValue())))
              .getDeletedCount()
          > 0) {
        counters.fold(plan.get().key(), token, plan.get().delta());
        return true;
      }
      counters.discard(plan.get().key(), token);
    }
    throw new IllegalStateException("document " + id + " kept changing; it was not deleted");
  }

  /**
   * One document of a batch: the change to make (besides counting it; may be null) if it is still
   * in the state it was read in.
   */
  public record Adoption(String id, Object countSeq, FlowCounts delta, Bson update) {}

  /**
   * Counts a batch of documents of one counter key at once (the backfill): one pending entry for
   * all, one unordered bulk write of the conditional changes (one round trip, and on the embedded
   * server one commit, for the batch), one fold of exactly the documents changed. When fewer
   * changed than the batch holds (the others changed meanwhile and are counted by their writer),
   * the documents that carry the batch's token are the ones it changed; that read-back is one
   * lookup by {@code _id} per document, and only then. A crash after the intent leaves the entry to
   * the next writer of one of its documents or to a reader, who fold the documents carrying the
   * token ({@link FlowCounters}).
   *
   * @param batch documents with distinct ids
   * @return how many were changed (the others changed meanwhile and are counted by their writer)
   */
  public int adopt(Class<?> type, CounterKey key, List<Adoption> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    MongoCollection<Document> collection = mongo.getCollection(mongo.getCollectionName(type));
    String token = FlowCounters.newToken();
    List<FlowCounters.Part> parts = new ArrayList<>();
    List<UpdateOneModel<Document>> changes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Adoption a : batch) {
      if (!ids.add(a.id())) {
        throw new IllegalArgumentException("document " + a.id() + " is twice in the batch");
      }
      parts.add(new FlowCounters.Part(a.id(), a.delta()));
      changes.add(adoption(a, token, key));
    }
    counters.intend(
        key,
        new FlowCounters.Pending(
            token, Instant.now(), "change", collection.getNamespace().getCollectionName(), parts));
    long modified =
        collection.bulkWrite(changes, new BulkWriteOptions().ordered(false)).getModifiedCount();
    FlowCounts made = new FlowCounts();
    int changed = 0;
    for (Adoption a : batch) {
      if (modified == batch.size() || carries(collection, a.id(), token)) {
        made.add(a.delta());
        changed++;
      }
    }
    counters.fold(key, token, made);
    folder.folded(token);
    return changed;
  }

  /** The conditional change of one document of a batch, recording the batch's token. */
  private static UpdateOneModel<Document> adoption(Adoption a, String token, CounterKey key) {
    long seq = a.countSeq() instanceof Number n ? n.longValue() : 0;
    Bson counts =
        Updates.combine(
            Updates.set("countSeq", seq + 1),
            Updates.set("countToken", token),
            Updates.set("countKey", key.id()));
    return new UpdateOneModel<>(
        and(eq("_id", a.id()), eq("countSeq", a.countSeq())),
        a.update() == null ? counts : Updates.combine(a.update(), counts));
  }

  /** Whether the document's last counted change is the one with this token. */
  private static boolean carries(MongoCollection<Document> collection, String id, String token) {
    Document found =
        collection.find(eq("_id", id)).projection(Projections.include("countToken")).first();
    return found != null && token.equals(found.getString("countToken"));
  }

  /**
   * Makes sure the document's last counted change is folded (its writer may have died between
   * making it and folding it).
   */
  private void finishLastChange(Document raw) {
    if (raw == null) {
      return;
    }
    String token = raw.getString("countToken");
    String counterId = raw.getString("countKey");
    if (token == null || counterId == null || folder.settle(token)) {
      return;
    }
    if (counters.isPending(counterId, token)) {
      counters.complete(counterId, token);
    }
    folder.folded(token);
  }
}
