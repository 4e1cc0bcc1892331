package io.chatflows.standalone;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The embedded default's MongoDB-wire server answers the conversation list and its count from its
 * secondary indexes exactly as mongo-java-server's own plan (a scan) answers them: the same
 * documents in the same order, the same counts, after random inserts, updates, upserts and deletes,
 * after a restart on the same data file, and with indexes created on a collection that already
 * holds documents. Every query runs over the wire with the real driver (the list and count through
 * the app's {@link ConversationStore}) on the embedded default's backend and on the stock H2
 * backend with the same indexes (which it ignores); the documents examined show that a page reads
 * only its own documents (and those the rest of the filter turns down) and an exactly indexed count
 * none.
 */
class EmbeddedMongoIndexTest {

  private static final String DB = "chatflows";
  private static final int DOCUMENTS = 3_000;
  private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
  private static final List<String> STATUSES =
      List.of("running", "waiting", "with_agent", "completed", "failed", "timed_out");

  @TempDir Path dataDir;

  private ServedMongo<DurableH2Backend> embedded;
  private Side sut;
  private ServedMongo<?> stockServer;
  private Side stock;

  /** One server as the app sees it: the raw collection and the conversation store. */
  private record Side(MongoCollection<Document> raw, ConversationStore store, MongoTemplate mongo) {
    static Side of(MongoClient client) {
      MongoTemplate mongo = new MongoTemplate(client, DB);
      return new Side(
          client.getDatabase(DB).getCollection("conversations"),
          new ConversationStore(mongo),
          mongo);
    }

    void createIndexes() {
      StoreIndexes.create(mongo, true, List.of(store));
    }
  }

  private void startSut() {
    embedded = ServedMongo.durable(dataDir.resolve("mongo.mv"));
    sut = Side.of(embedded.client());
  }

  private void startStock() {
    stockServer = ServedMongo.stock();
    stock = Side.of(stockServer.client());
  }

  private void restartSut() {
    embedded.close();
    startSut();
  }

  @AfterEach
  void stop() {
    embedded.close();
    stockServer.close();
  }

  @Test
  void givenRandomWrites_whenListedAndCounted_theAnswersEqualTheScansAndAPageReadsOnlyItself() {
    startSut();
    startStock();
    sut.createIndexes();
    stock.createIndexes();
    Random random = new Random(19);
    seed(random);
    for (int round = 0; round < 4; round++) {
      assertListsEqual();
      mutate(new Random(100 + round), 250);
    }
    assertListsEqual();

    restartSut();
    assertListsEqual();
    mutate(new Random(7), 250);
    assertListsEqual();
  }

  @Test
  void givenConversationsThatAllHaveAFlow_whenTheGaugesCount_theIndexAnswersWithoutADocument() {
    startSut();
    startStock();
    sut.createIndexes();
    stock.createIndexes();
    seed(new Random(23));
    for (int round = 0; round < 4; round++) {
      // Some starts stay missing (not counted by $min); a missing flow would be grouped apart
      // from a null one, which the index cannot tell, and is left to the server.
      for (Side side : List.of(sut, stock)) {
        side.raw().updateMany(exists("flowId", false), set("flowId", "f-9"));
      }
      long before = examined();
      List<ConversationStore.OpenCounts> open = sut.store().openCounts();
      assertThat(examined()).as("documents examined").isEqualTo(before);
      assertThat(open)
          .hasSizeGreaterThan(10)
          .containsExactlyInAnyOrderElementsOf(stock.store().openCounts());
      // The overdue and stuck gauges: a range of deadlines or attempts per flow.
      ConversationQuery overdue =
          ConversationQuery.everywhere().waitingPast(BASE.plusSeconds(400)).build();
      ConversationQuery stuck = ConversationQuery.everywhere().stuck().build();
      before = examined();
      Map<String, Long> late = sut.store().countByFlow(overdue);
      Map<String, Long> failing = sut.store().countByFlow(stuck);
      assertThat(examined()).as("documents examined").isEqualTo(before);
      assertThat(late).hasSizeGreaterThan(2).isEqualTo(stock.store().countByFlow(overdue));
      assertThat(failing).hasSizeGreaterThan(2).isEqualTo(stock.store().countByFlow(stuck));
      mutate(new Random(200 + round), 250);
    }
  }

  @Test
  void givenStoredDocuments_whenTheIndexesAreCreated_theyAreBuiltFromThem() {
    startSut();
    startStock();
    seed(new Random(5));
    long before = examined();
    assertThat(sut.store().list(byFlow("ws-1", "f-1").build(), 0, 20)).hasSize(20);
    // Without the indexes: a scan.
    assertThat(examined() - before).isEqualTo(DOCUMENTS);

    sut.createIndexes();
    stock.createIndexes();
    assertListsEqual();
    mutate(new Random(6), 200);
    assertListsEqual();
  }

  @Test
  void givenADataFileWrittenWithoutTheIndexes_whenTheEmbeddedDefaultOpensIt_itBuildsThem() {
    // mongo-java-server's own H2 backend records the indexes and ignores them, as earlier versions
    // of the embedded default did.
    ServedMongo<?> earlier = ServedMongo.of(new H2Backend(dataDir.resolve("mongo.mv").toString()));
    startStock();
    sut = Side.of(earlier.client());
    sut.createIndexes();
    stock.createIndexes();
    seed(new Random(8));
    earlier.close();

    startSut();
    assertListsEqual();
    mutate(new Random(9), 150);
    assertListsEqual();
  }

  @Test
  void givenADataFileWithTheExactMatchIndexes_whenOpenedWithoutThem_theyAreDroppedAndAnswersStay() {
    startSut();
    startStock();
    sut.createIndexes();
    stock.createIndexes();
    seed(new Random(11));
    assertThat(indexNames()).contains("_id_1_countSeq_1");

    restartSut();
    StoreIndexes.create(sut.mongo(), false, List.of(sut.store()));
    assertThat(indexNames())
        .doesNotContain("_id_1_countSeq_1")
        .contains("_id_", "workspaceId_1_flowId_1_startedAt_1");
    assertListsEqual();
    mutate(new Random(12), 150);
    assertListsEqual();

    // Dropped in the data file too: its map is gone after a restart.
    restartSut();
    assertThat(indexNames()).doesNotContain("_id_1_countSeq_1");
    assertListsEqual();
  }

  private List<String> indexNames() {
    return sut.raw().listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
  }

  private void seed(Random random) {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      documents.add(conversation("c-" + i, random));
    }
    for (Side side : List.of(sut, stock)) {
      for (int from = 0; from < DOCUMENTS; from += 500) {
        side.raw()
            .insertMany(
                documents.subList(from, from + 500).stream()
                    .map(d -> Document.parse(d.toJson()))
                    .toList());
      }
    }
  }

  /**
   * A conversation-like document: three workspaces, four flows, six statuses, five nodes, 150
   * contacts; start times from 800 distinct seconds (so many tie), a few without start or flow.
   */
  private static Document conversation(String id, Random random) {
    Document d =
        new Document("_id", id)
            .append("workspaceId", "ws-" + random.nextInt(3))
            .append("flowVersion", 1)
            .append("channelId", "ch-1")
            .append("contactKey", "ck-" + random.nextInt(150))
            .append("workflowId", "wf-" + id)
            .append("status", STATUSES.get(random.nextInt(STATUSES.size())))
            .append("currentNodeId", "n-" + random.nextInt(5))
            .append("stepCount", random.nextInt(10))
            .append("countSeq", 1L);
    if (random.nextInt(25) != 0) {
      d.append("flowId", "f-" + random.nextInt(4));
    }
    if (random.nextInt(30) != 0) {
      d.append("startedAt", Date.from(BASE.plusSeconds(random.nextInt(800))));
    }
    if (random.nextInt(10) == 0) {
      // As $inc leaves them: whole numbers, and doubles where a double was added.
      int attempts = random.nextInt(6);
      d.append("stuck", new Document("attempts", random.nextBoolean() ? attempts : attempts + 0.5));
    }
    switch (random.nextInt(4)) {
      case 0 -> d.append("waitDeadline", Date.from(BASE.plusSeconds(random.nextInt(800))));
      case 1 -> d.append("waitDeadline", null);
      default -> {}
    }
    return d;
  }

  /** The same random writes on both sides, each answering the same. */
  private void mutate(Random random, int operations) {
    for (int step = 0; step < operations; step++) {
      int k = step;
      String id = "c-" + random.nextInt(DOCUMENTS + 200);
      String ws = "ws-" + random.nextInt(3);
      String status = STATUSES.get(random.nextInt(STATUSES.size()));
      Date started = Date.from(BASE.plusSeconds(random.nextInt(800)));
      Document fresh = conversation(id, random);
      Function<MongoCollection<Document>, Object> operation =
          switch (random.nextInt(10)) {
            case 0 ->
                c ->
                    c.updateOne(
                            eq("_id", id),
                            Updates.combine(
                                Updates.set("status", status),
                                Updates.set("currentNodeId", "n-" + (k % 5))))
                        .getModifiedCount();
            case 1 ->
                c ->
                    c.updateOne(
                        eq("_id", id),
                        k % 3 == 0
                            ? Updates.inc("stuck.attempts", 1)
                            : Updates.combine(
                                Updates.set("startedAt", started),
                                k % 3 == 1
                                    ? Updates.set("waitDeadline", started)
                                    : Updates.unset("waitDeadline")));
            case 2 -> c -> c.updateOne(eq("_id", id), Updates.unset("flowId")).getModifiedCount();
            case 3 ->
                c ->
                    c.updateOne(
                            eq("_id", "u-" + (k % 40)),
                            Updates.combine(
                                Updates.set("workspaceId", ws),
                                Updates.set("flowId", "f-1"),
                                Updates.set("flowVersion", 1),
                                Updates.set("stepCount", 0),
                                Updates.set("status", status),
                                Updates.set("startedAt", started)),
                            new UpdateOptions().upsert(true))
                        .getMatchedCount();
            case 4 ->
                c ->
                    c.updateMany(
                            and(eq("workspaceId", ws), eq("contactKey", "ck-" + (k % 150))),
                            Updates.set("currentNodeId", "n-" + (k % 5)))
                        .getModifiedCount();
            case 5 ->
                c ->
                    c.findOneAndUpdate(
                        and(eq("workspaceId", ws), eq("flowId", "f-2"), in("status", "running")),
                        Updates.set("status", status),
                        new FindOneAndUpdateOptions().sort(Sorts.descending("startedAt")));
            case 6 -> c -> c.deleteOne(eq("_id", id)).getDeletedCount();
            case 7 ->
                c ->
                    c.deleteMany(and(eq("workspaceId", ws), eq("contactKey", "ck-" + (k % 150))))
                        .getDeletedCount();
            case 8 -> c -> c.replaceOne(eq("_id", id), fresh).getModifiedCount();
            default -> c -> insertOrError(c, fresh);
          };
      assertThat(outcome(operation, sut.raw())).isEqualTo(outcome(operation, stock.raw()));
    }
  }

  private static Object insertOrError(MongoCollection<Document> c, Document d) {
    c.insertOne(Document.parse(d.toJson()));
    return "inserted";
  }

  private static Object outcome(
      Function<MongoCollection<Document>, Object> operation, MongoCollection<Document> c) {
    try {
      return String.valueOf(operation.apply(c));
    } catch (MongoException e) {
      return "error " + e.getCode();
    }
  }

  private static ConversationQuery.Builder byFlow(String ws, String flow) {
    return ConversationQuery.inWorkspace(ws).flow(flow);
  }

  /** Every list shape the app sends, with its count, equal on both sides; pages read themselves. */
  private void assertListsEqual() {
    Instant from = BASE.plusSeconds(200);
    Instant to = BASE.plusSeconds(500);
    for (String ws : List.of("ws-0", "ws-2")) {
      for (String flow : List.of("f-1", "f-3")) {
        assertList(byFlow(ws, flow), null);
        assertList(byFlow(ws, flow).status(ConversationStatus.WAITING), null);
        assertList(byFlow(ws, flow).node("n-2"), null);
        assertList(
            byFlow(ws, flow).startedBetween(from, to), byFlow(ws, flow).build()); // range filters
        assertList(
            byFlow(ws, flow).status(ConversationStatus.RUNNING).startedBetween(from, null),
            byFlow(ws, flow).status(ConversationStatus.RUNNING).build());
      }
      assertList(ConversationQuery.inWorkspace(ws).status(ConversationStatus.COMPLETED), null);
      assertList(ConversationQuery.inWorkspace(ws).open(), null);
      assertList(
          ConversationQuery.inWorkspace(ws).stuck(),
          ConversationQuery.inWorkspace(ws).open().build());
      assertList(ConversationQuery.inWorkspace(ws).contact("ck-7"), null);
      assertList(ConversationQuery.inWorkspace(ws).contact("ck-77"), null);
      assertAscendingAndUnsorted(ws);
    }
    assertThat(sut.store().countByFlow(ConversationQuery.inWorkspace("ws-1").open().build()))
        .isEqualTo(stock.store().countByFlow(ConversationQuery.inWorkspace("ws-1").open().build()));
    // The gauges' counts by flow and status with the oldest start (groups in the index's order or
    // in the order a scan meets them).
    assertThat(sut.store().openCounts())
        .isNotEmpty()
        .containsExactlyInAnyOrderElementsOf(stock.store().openCounts());
  }

  /**
   * The list and count of {@code which} at several pages. {@code equalities} (null: {@code which}
   * itself) is the part of the filter the index answers: a page examines the documents of its range
   * up to its last one, a count without other conditions none.
   */
  private void assertList(ConversationQuery.Builder builder, ConversationQuery equalities) {
    ConversationQuery which = builder.build();
    ConversationQuery range = equalities == null ? which : equalities;
    List<String> walk = ids(stock.store().list(range, 0, Integer.MAX_VALUE / 2));
    for (int[] page : new int[][] {{0, 20}, {20, 20}, {137, 50}, {0, 1}}) {
      long before = examined();
      List<String> got = ids(sut.store().list(which, page[0], page[1]));
      long examined = examined() - before;
      List<String> expected = ids(stock.store().list(which, page[0], page[1]));
      assertThat(got).as("%s at %s+%s", which, page[0], page[1]).isEqualTo(expected);
      long walked = got.size() == page[1] ? walk.indexOf(got.get(got.size() - 1)) + 1 : walk.size();
      assertThat(examined).as("examined for %s at %s", which, page[0]).isEqualTo(walked);
    }
    long before = examined();
    long count = sut.store().count(which);
    long examined = examined() - before;
    assertThat(count).as("count of %s", which).isEqualTo(stock.store().count(which));
    assertThat(examined).isEqualTo(equalities == null ? 0 : walk.size());
  }

  /** Finds sorted against the list's order and unsorted (the order of a scan), with a limit. */
  private void assertAscendingAndUnsorted(String ws) {
    List<Bson> filters =
        List.of(
            and(eq("workspaceId", ws), eq("flowId", "f-0")),
            and(eq("workspaceId", ws), in("status", "running", "waiting", "failed")),
            and(eq("workspaceId", ws), eq("contactKey", "ck-3"), gte("stepCount", 4)),
            and(
                eq("workspaceId", ws),
                eq("flowId", "f-2"),
                lt("startedAt", Date.from(BASE.plusSeconds(300)))));
    for (Bson filter : filters) {
      for (Bson sort :
          List.of(
              Sorts.ascending("startedAt"),
              Sorts.descending("startedAt"),
              Sorts.ascending("status"),
              new Document("$natural", -1))) {
        assertThat(sut.raw().find(filter).sort(sort).skip(3).limit(30).into(new ArrayList<>()))
            .isEqualTo(
                stock.raw().find(filter).sort(sort).skip(3).limit(30).into(new ArrayList<>()));
      }
      assertThat(sut.raw().find(filter).limit(25).into(new ArrayList<>()))
          .isEqualTo(stock.raw().find(filter).limit(25).into(new ArrayList<>()));
      assertThat(sut.raw().countDocuments(filter)).isEqualTo(stock.raw().countDocuments(filter));
    }
  }

  private static List<String> ids(List<ConversationDocument> conversations) {
    return conversations.stream().map(ConversationDocument::id).toList();
  }

  private long examined() {
    return embedded.backend().documentsExamined(DB, "conversations");
  }
}
