package io.chatflows.bench;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The writes the product makes for a webhook step besides the durable floor's, made with the bare
 * driver on the floor's own store, so that the product can also be compared with bare components
 * doing all of its writes: on the webhook's path the claim's completion and the contact upsert
 * (after the signal); in the step the step record, the read of the conversation, the counter
 * intent, the conditional conversation update, and the counter fold on a thread of its own, which
 * folds what waits for one counter document in one update, as the product's folder does. No Spring,
 * no object mapping, no encryption, no metrics, no reads of channels, templates or triggers.
 */
final class FloorWrites {

  /** A change made and not yet folded. */
  private record Fold(String counterId, String token, String node) {}

  private final MongoDatabase db;
  private final BlockingQueue<Fold> folds = new LinkedBlockingQueue<>();

  FloorWrites(MongoDatabase db) {
    this.db = db;
    Thread folder = new Thread(this::foldForever, "floor-folder");
    folder.setDaemon(true);
    folder.start();
  }

  /** Folds whatever waits, one update per counter document, until the process ends. */
  private void foldForever() {
    List<Fold> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(folds.take());
      } catch (InterruptedException e) {
        return;
      }
      folds.drainTo(batch);
      Map<String, List<Fold>> byCounter = new LinkedHashMap<>();
      batch.forEach(f -> byCounter.computeIfAbsent(f.counterId(), k -> new ArrayList<>()).add(f));
      byCounter.forEach(this::fold);
      batch.clear();
    }
  }

  private void fold(String counterId, List<Fold> waiting) {
    List<String> tokens = waiting.stream().map(Fold::token).toList();
    Map<String, Long> increments = new TreeMap<>();
    increments.put("c.steps", (long) waiting.size());
    waiting.forEach(f -> increments.merge("c.nodes." + f.node(), 1L, Long::sum));
    List<Bson> updates = new ArrayList<>();
    increments.forEach((path, n) -> updates.add(Updates.inc(path, n)));
    updates.add(Updates.pull("pending", new Document("token", new Document("$in", tokens))));
    db.getCollection("counters")
        .updateOne(
            and(eq("_id", counterId), Filters.all("pending.token", tokens)),
            Updates.combine(updates));
  }

  /** After the signal: the claim's outcome, then the contact's last inbound time. */
  void handedOver(String messageId, String from) {
    Date now = new Date();
    db.getCollection("claims")
        .updateOne(
            and(eq("_id", messageId), eq("outcome", null)),
            Updates.combine(Updates.set("outcome", "signalled"), Updates.set("handedOverAt", now)));
    db.getCollection("contacts")
        .findOneAndUpdate(
            eq("_id", from),
            Updates.combine(
                Updates.setOnInsert("waId", from),
                Updates.setOnInsert("createdAt", now),
                Updates.set("updatedAt", now),
                Updates.max("lastInboundAt", now)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
  }

  /**
   * Step {@code seq} of the conversation (0 stores the conversation first): its step record, then,
   * unless it is recorded already (a retry), its counted change.
   */
  void step(String conversationId, int seq) {
    Instant now = Instant.now();
    if (seq == 0) {
      insertOnce(
          "conversations",
          new Document("_id", conversationId)
              .append("status", "running")
              .append("stepCount", 0L)
              .append("countSeq", 0L)
              .append("startedAt", Date.from(now)));
    }
    String node = "n" + (seq % 6);
    insertOnce(
        "steps",
        new Document("_id", conversationId + ":" + seq)
            .append("conversationId", conversationId)
            .append(
                "steps",
                List.of(
                    new Document("seq", seq)
                        .append("nodeId", node)
                        .append("kind", "reply")
                        .append("at", Date.from(now)))));
    Document c = db.getCollection("conversations").find(eq("_id", conversationId)).first();
    if (c == null || ((Number) c.get("stepCount")).longValue() != seq) {
      return;
    }
    long countSeq = ((Number) c.get("countSeq")).longValue();
    String token = UUID.randomUUID().toString();
    String counterId = "bench:" + now.truncatedTo(ChronoUnit.HOURS);
    db.getCollection("counters")
        .updateOne(
            eq("_id", counterId),
            Updates.push(
                "pending",
                new Document("token", token)
                    .append("at", Date.from(now))
                    .append(
                        "parts", List.of(new Document("id", conversationId).append("node", node)))),
            new UpdateOptions().upsert(true));
    boolean made =
        db.getCollection("conversations")
                .updateOne(
                    and(eq("_id", conversationId), eq("countSeq", countSeq)),
                    Updates.combine(
                        Updates.set("status", "waiting"),
                        Updates.set("currentNodeId", node),
                        Updates.set("variables", new Document("choice", "Menu")),
                        Updates.set("updatedAt", Date.from(now)),
                        Updates.inc("stepCount", 1L),
                        Updates.set(
                            "tally", new Document("node", node).append("status", "waiting")),
                        Updates.set("countSeq", countSeq + 1),
                        Updates.set("countToken", token),
                        Updates.set("countKey", counterId)))
                .getModifiedCount()
            > 0;
    if (!made) {
      db.getCollection("counters")
          .updateOne(eq("_id", counterId), Updates.pull("pending", new Document("token", token)));
      return;
    }
    folds.add(new Fold(counterId, token, node));
  }

  /** Step records written (one per step, start steps included). */
  long steps() {
    return db.getCollection("steps").countDocuments();
  }

  private void insertOnce(String collection, Document document) {
    try {
      db.getCollection(collection).insertOne(document);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
  }
}
