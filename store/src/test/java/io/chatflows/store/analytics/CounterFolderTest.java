package io.chatflows.store.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.chatflows.store.index.StoreIndexes;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Counted changes folded after their writer returned ({@link CounterFolder}) count exactly once:
 * readers count a change while its fold waits, the next change of the same document folds it first,
 * a process that dies with folds waiting leaves them to the next writer and to readers, and a batch
 * fold counts nothing another writer folded already. On the embedded default's store.
 */
class CounterFolderTest {

  private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private static final CounterKey KEY = new CounterKey("ws-1", "flow-1", 1, HOUR);

  @org.springframework.data.mongodb.core.mapping.Document("things")
  record Thing(String id, long n) {}

  @TempDir Path dir;

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private FlowCounters counters;

  @BeforeEach
  void start() {
    server = new MongoServer(new DurableH2Backend(dir.resolve("mongo.mv").toString()));
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    counters = new FlowCounters(mongo);
    StoreIndexes.create(mongo, true, List.of(counters));
    for (int i = 0; i < 5; i++) {
      mongo.getCollection("things").insertOne(new Document("_id", "t" + i).append("n", 0L));
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  @Timeout(120)
  void givenConcurrentWritersFoldingInTheBackground_whenClosed_everyChangeIsFoldedOnce()
      throws Exception {
    CounterFolder folder = CounterFolder.background(counters);
    CountedWrites writes = new CountedWrites(mongo, counters, folder);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      Random random = new Random(w);
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 60; i++) {
                  change(writes, "t" + random.nextInt(5));
                }
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();
    assertThat(counted()).isEqualTo(240);
    folder.close();

    assertThat(folded()).isEqualTo(240);
    assertThat(pendingTokens()).isEmpty();
    assertThat(changesMade()).isEqualTo(240);
  }

  @Test
  void givenFoldsWaiting_whenRead_theReaderCountsTheirChanges() {
    CounterFolder folder = CounterFolder.paused(counters);
    CountedWrites writes = new CountedWrites(mongo, counters, folder);

    change(writes, "t0");
    change(writes, "t1");

    assertThat(folded()).isZero();
    assertThat(counted()).isEqualTo(2);
    assertFlushedAndFolded(folder, 2);
  }

  @Test
  void givenAFoldWaiting_whenTheSameDocumentChangesAgain_theWaitingFoldIsMadeFirst() {
    CounterFolder folder = CounterFolder.paused(counters);
    CountedWrites writes = new CountedWrites(mongo, counters, folder);

    change(writes, "t0");
    change(writes, "t0");

    assertThat(counted()).isEqualTo(2);
    assertThat(folded()).isEqualTo(1);
    assertFlushedAndFolded(folder, 2);
  }

  @Test
  void givenAProcessThatDiedWithFoldsWaiting_whenAnotherWritesAndReads_eachChangeCountsOnce() {
    CountedWrites died = new CountedWrites(mongo, counters, CounterFolder.paused(counters));
    change(died, "t0");
    change(died, "t1");
    CountedWrites other = new CountedWrites(mongo, counters);

    change(other, "t0");

    // t0's first change was folded by the other writer before its own; t1's waits for a reader.
    assertThat(folded()).isEqualTo(2);
    assertThat(pendingTokens()).hasSize(1);
    assertThat(counted()).isEqualTo(3);
  }

  @Test
  void givenABatchWaiting_whenAnotherWriterFoldedOneOfIt_theBatchCountsEachOnce() {
    CounterFolder folder = CounterFolder.paused(counters);
    CountedWrites writes = new CountedWrites(mongo, counters, folder);
    change(writes, "t0");
    change(writes, "t1");
    change(writes, "t2");
    // Another process changes t0: it finds t0's change unfolded and folds it before its own.
    change(new CountedWrites(mongo, counters), "t0");

    assertFlushedAndFolded(folder, 4);
    assertThat(counted()).isEqualTo(4);
  }

  /** After a flush, {@code changes} are folded and nothing is pending. */
  private void assertFlushedAndFolded(CounterFolder folder, long changes) {
    folder.flush();
    assertThat(folded()).isEqualTo(changes);
    assertThat(pendingTokens()).isEmpty();
  }

  /** One counted change of a thing: an unmatched reply at node n1. */
  private static void change(CountedWrites writes, String id) {
    assertThat(
            writes.change(
                Thing.class,
                id,
                source -> {
                  FlowCounts delta = new FlowCounts();
                  delta.unmatched = 1;
                  delta.node("n1").unmatched = 1;
                  return Optional.of(new CountedWrites.Plan(KEY, delta, Updates.inc("n", 1L)));
                }))
        .isPresent();
  }

  /** What a reader counts: the folded counts and the made changes still pending. */
  private long counted() {
    return counters.sum(KEY.workspaceId(), KEY.flowId(), null, null, null).unmatched;
  }

  /** The folded counts only. */
  private long folded() {
    Document c = counter().get("c", Document.class);
    return c == null ? 0 : FlowCounts.fromDocument(c).unmatched;
  }

  private List<String> pendingTokens() {
    return counter().getList("pending", Document.class).stream()
        .map(p -> p.getString("token"))
        .filter(token -> !"-".equals(token))
        .toList();
  }

  private Document counter() {
    return mongo.getCollection(FlowCounters.COLLECTION).find(new Document("_id", KEY.id())).first();
  }

  private long changesMade() {
    long n = 0;
    for (Document thing : mongo.getCollection("things").find()) {
      n += thing.getLong("n");
    }
    return n;
  }
}
