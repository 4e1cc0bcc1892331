package io.chatflows.standalone;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.chatflows.embedded.mongo.DurableH2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's MongoDB-wire server looks a document named by {@code _id} up in the {@code
 * _id} index for conditional updates, find-and-modify and deletes, and answers them as
 * mongo-java-server's own plan does. Every operation runs over the wire with the real driver on the
 * embedded default's backend and on the stock H2 backend (the server's own plan), and their answers
 * and documents are compared; the number of documents the embedded default examined shows the
 * lookup is by index.
 */
class EmbeddedMongoByIdTest {

  private static final int DOCUMENTS = 20_000;
  private static final String DB = "chatflows";
  private static final String COLLECTION = "conversations";

  @TempDir Path dataDir;

  private ServedMongo<DurableH2Backend> embedded;
  private MongoCollection<Document> sut;

  private ServedMongo<?> stockServer;
  private MongoCollection<Document> stock;

  @BeforeEach
  void start() {
    embedded = ServedMongo.durable(dataDir.resolve("mongo.mv"));
    sut = embedded.client().getDatabase(DB).getCollection(COLLECTION);

    stockServer = ServedMongo.stock();
    stock = stockServer.client().getDatabase(DB).getCollection(COLLECTION);

    seed(sut);
    seed(stock);
  }

  @AfterEach
  void stop() {
    embedded.close();
    stockServer.close();
  }

  @Test
  void givenTwentyThousandDocuments_whenAConditionalUpdateNamesOneById_itExaminesOneDocument() {
    long before = examined();
    UpdateResult matching =
        sut.updateOne(
            and(eq("_id", "c-7"), eq("countSeq", 7L)),
            Updates.combine(Updates.set("status", "waiting"), Updates.set("countSeq", 8L)));
    long afterMatching = examined();
    UpdateResult stale =
        sut.updateOne(
            and(eq("_id", "c-7"), eq("countSeq", 7L)), Updates.set("status", "completed"));
    long afterStale = examined();

    assertThat(matching.getModifiedCount()).isEqualTo(1);
    assertThat(stale.getMatchedCount()).isZero();
    assertThat(sut.find(eq("_id", "c-7")).first())
        .containsEntry("status", "waiting")
        .containsEntry("countSeq", 8L);
    assertThat(afterMatching - before).isEqualTo(1);
    assertThat(afterStale - afterMatching).isEqualTo(1);
  }

  @Test
  void givenTwentyThousandDocuments_whenFindAndModifyFindAndDeleteNameOneById_eachExaminesOne() {
    long before = examined();

    Document found =
        sut.findOneAndUpdate(
            new Document("_id", "c-5").append("stepCount", new Document("$gte", 5)),
            Updates.inc("stepCount", 1),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    List<Document> read =
        sut.find(and(eq("_id", "c-6"), eq("status", "running"))).into(new ArrayList<>());
    long deleted = sut.deleteOne(and(eq("_id", "c-8"), eq("countSeq", 8L))).getDeletedCount();

    assertThat(found).containsEntry("stepCount", 6);
    assertThat(read).hasSize(1);
    assertThat(deleted).isEqualTo(1);
    assertThat(examined() - before).isEqualTo(3);
  }

  @Test
  void givenAnInOfIdsBesideACondition_whenUpdated_itExaminesThoseDocuments() {
    long before = examined();

    long modified =
        sut.updateMany(
                and(in("_id", "c-2", "c-1", "missing"), eq("status", "running")),
                Updates.set("seen", true))
            .getModifiedCount();

    assertThat(modified).isEqualTo(1);
    assertThat(examined() - before).isEqualTo(2);
  }

  @Test
  void givenAFilterWithoutIds_whenUpdated_theServerScansAsBefore() {
    long before = examined();

    long modified =
        sut.updateMany(eq("status", "running"), Updates.set("seen", true)).getModifiedCount();

    assertThat(modified).isEqualTo(DOCUMENTS / 2);
    assertThat(examined() - before).isEqualTo(DOCUMENTS);
  }

  @Test
  void givenTheSameOperations_whenRunOnTheStockServer_theAnswersAndDocumentsAreTheSame() {
    List<Function<MongoCollection<Document>, Object>> operations =
        List.of(
            // The counted change: matches, then no longer matches.
            c -> updateOne(c, and(eq("_id", "c-3"), eq("countSeq", 3L)), seqTo(4), false),
            c -> updateOne(c, and(eq("_id", "c-3"), eq("countSeq", 3L)), seqTo(4), false),
            // A document never counted: countSeq absent matches null.
            c -> updateOne(c, and(eq("_id", "c-4"), eq("countSeq", null)), seqTo(1), false),
            // $inc under a range condition, flat filter.
            c ->
                updateOne(
                    c,
                    new Document("_id", "c-9").append("stepCount", new Document("$gte", 9)),
                    Updates.inc("stepCount", 2),
                    false),
            c -> updateOne(c, and(eq("_id", "c-9"), gte("stepCount", 100)), seqTo(1), false),
            // Upserts: a new _id is inserted with the filter's equalities; an existing _id whose
            // condition fails collides with it.
            c -> updateOne(c, and(eq("_id", "new-1"), eq("countSeq", null)), seqTo(1), true),
            c -> updateOne(c, and(eq("_id", "new-1"), eq("countSeq", null)), seqTo(2), true),
            c -> updateOne(c, and(eq("_id", "c-10"), eq("countSeq", 99L)), seqTo(1), true),
            // Multi with one _id updates at most that one.
            c ->
                updateMany(c, and(eq("_id", "c-11"), eq("status", "running")), Updates.inc("n", 1)),
            c -> updateMany(c, and(eq("_id", "c-11"), eq("status", "ended")), Updates.inc("n", 1)),
            // $eq spelled out; an unknown _id.
            c ->
                updateOne(
                    c,
                    new Document("_id", new Document("$eq", "c-12")).append("countSeq", 12L),
                    seqTo(13),
                    false),
            c -> updateOne(c, and(eq("_id", "missing"), eq("countSeq", 1L)), seqTo(2), false),
            // find-and-modify: returns the old document, or none; remove.
            c ->
                c.findOneAndUpdate(
                    and(eq("_id", "c-13"), eq("status", "running")), Updates.set("status", "x")),
            c ->
                c.findOneAndUpdate(
                    and(eq("_id", "c-13"), eq("status", "running")), Updates.set("status", "y")),
            c ->
                c.findOneAndUpdate(
                    and(eq("_id", "new-2"), eq("countSeq", null)),
                    seqTo(1),
                    new FindOneAndUpdateOptions()
                        .upsert(true)
                        .returnDocument(ReturnDocument.AFTER)),
            c -> c.findOneAndDelete(and(eq("_id", "c-14"), eq("countSeq", 14L))),
            c -> c.deleteOne(and(eq("_id", "c-15"), eq("countSeq", 0L))).getDeletedCount(),
            c -> c.deleteMany(and(eq("_id", "c-16"), eq("status", "running"))).getDeletedCount(),
            // Finds by _id with a condition, sorted, skipped, projected.
            c ->
                c.find(and(eq("_id", "c-17"), eq("countSeq", 17L)))
                    .sort(Sorts.descending("startedAt"))
                    .projection(new Document("status", 1))
                    .into(new ArrayList<>()),
            c ->
                c.find(and(eq("_id", "c-17"), eq("countSeq", 17L))).skip(1).into(new ArrayList<>()),
            c -> c.countDocuments(and(eq("_id", "c-18"), eq("status", "ended"))),
            // An $in of ids beside a condition: in the order of a scan, as the server's own plan.
            c ->
                c.find(and(in("_id", "c-19", "c-190", "c-1", "nope"), eq("status", "ended")))
                    .into(new ArrayList<>()),
            c ->
                c.find(and(in("_id", "c-30", "c-3", "c-31"), gte("stepCount", 0)))
                    .limit(2)
                    .into(new ArrayList<>()),
            c -> c.deleteMany(and(in("_id", "c-40", "c-41"), eq("status", "running"))));

    for (var operation : operations) {
      assertThat(outcome(operation, sut)).isEqualTo(outcome(operation, stock));
    }
    assertThat(sut.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
        .isEqualTo(stock.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
  }

  @Test
  void givenStoredDocuments_whenTheServerRestarts_theyAreFoundByIdWithACondition() {
    sut.updateOne(and(eq("_id", "c-20"), eq("countSeq", 20L)), seqTo(21));
    embedded.close();
    embedded = ServedMongo.durable(dataDir.resolve("mongo.mv"));
    sut = embedded.client().getDatabase(DB).getCollection(COLLECTION);
    long before = examined();
    long matched =
        sut.updateOne(and(eq("_id", "c-20"), eq("countSeq", 21L)), seqTo(22)).getMatchedCount();

    assertThat(matched).isEqualTo(1);
    assertThat(examined() - before).isEqualTo(1);
    assertThat(sut.countDocuments()).isEqualTo(DOCUMENTS);
  }

  private long examined() {
    return embedded.backend().documentsExamined(DB, COLLECTION);
  }

  private static Bson seqTo(long seq) {
    return Updates.set("countSeq", seq);
  }

  private static Object updateOne(
      MongoCollection<Document> c, Bson filter, Bson update, boolean upsert) {
    UpdateResult r = c.updateOne(filter, update, new UpdateOptions().upsert(upsert));
    return List.of(r.getMatchedCount(), r.getModifiedCount(), String.valueOf(r.getUpsertedId()));
  }

  private static Object updateMany(MongoCollection<Document> c, Bson filter, Bson update) {
    UpdateResult r = c.updateMany(filter, update);
    return List.of(r.getMatchedCount(), r.getModifiedCount());
  }

  /** The operation's answer, or the server's error code when it refused it. */
  private static Object outcome(
      Function<MongoCollection<Document>, Object> operation, MongoCollection<Document> c) {
    try {
      return String.valueOf(operation.apply(c));
    } catch (MongoWriteException e) {
      return "error " + e.getError().getCode();
    }
  }

  private static void seed(MongoCollection<Document> c) {
    for (int from = 0; from < DOCUMENTS; from += 1_000) {
      c.insertMany(
          IntStream.range(from, from + 1_000)
              .mapToObj(i -> i % 7 == 4 ? document(i) : document(i).append("countSeq", (long) i))
              .toList());
    }
  }

  /** A conversation-like document; every seventh (from c-4) was never counted: no countSeq. */
  private static Document document(int i) {
    return new Document("_id", "c-" + i)
        .append("status", i % 2 == 0 ? "running" : "ended")
        .append("stepCount", i)
        .append("startedAt", (long) i);
  }
}
