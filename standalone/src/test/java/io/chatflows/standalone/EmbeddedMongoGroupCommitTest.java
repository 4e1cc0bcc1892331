package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import io.chatflows.embedded.mongo.DurableH2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent commands share commits on the embedded default's store, and every write acknowledged
 * is in the data file: while writers insert and update from many connections at once, the data file
 * is copied again and again, and each copy opened on its own holds every write acknowledged before
 * the copy began. A copy of the file is what a {@code kill -9} leaves (the process dies, the
 * operating system keeps what was written to the file), taken here without ending the writers, so
 * that a reply sent before its commit was written shows as a missing document.
 */
class EmbeddedMongoGroupCommitTest {

  private static final String DB = "chatflows";
  private static final String COLLECTION = "claims";
  private static final int WRITERS = 16;
  private static final int WRITES_PER_WRITER = 250;

  @TempDir Path dir;

  private Path file;
  private MongoServer server;
  private MongoClient client;

  @BeforeEach
  void start() {
    file = dir.resolve("mongo.mv");
    server = new MongoServer(new DurableH2Backend(file.toString()));
    var address = server.bind();
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyToClusterSettings(
                    c ->
                        c.hosts(
                            List.of(new ServerAddress(address.getHostString(), address.getPort()))))
                .applyToConnectionPoolSettings(p -> p.maxSize(WRITERS).minSize(WRITERS))
                .build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  @Timeout(180)
  void givenManyConcurrentWriters_whenTheDataFileIsCopiedAtAnyMoment_itHoldsEveryAcknowledgedWrite()
      throws Exception {
    MongoCollection<Document> claims = client.getDatabase(DB).getCollection(COLLECTION);
    claims.insertOne(new Document("_id", "warm-up"));
    Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(
          pool.submit(
              () -> {
                String counter = "counter-" + writer;
                for (int n = 1; n <= WRITES_PER_WRITER; n++) {
                  // An insert and an update of the writer's counter, as a webhook's claim and a
                  // conversation's progress: both must be in the file once answered.
                  claims.insertOne(new Document("_id", "claim-" + writer + "-" + n));
                  claims.updateOne(
                      Filters.eq("_id", counter),
                      Updates.set("n", n),
                      new UpdateOptions().upsert(true));
                  acknowledged.put("claim-" + writer + "-" + n, 0);
                  acknowledged.put(counter, n);
                }
                return null;
              }));
    }
    pool.shutdown();

    List<String> lost = new ArrayList<>();
    int copies = 0;
    while (!pool.isTerminated() || copies < 3) {
      Map<String, Integer> before = Map.copyOf(acknowledged);
      Path copy = dir.resolve("copy-" + copies++ + ".mv");
      Files.copy(file, copy);
      Map<String, Integer> found = documents(copy);
      before.forEach(
          (id, n) -> {
            Integer there = found.get(id);
            if (there == null || there < n) {
              lost.add(id + " (acknowledged " + n + ", in the file " + there + ")");
            }
          });
      Files.delete(copy);
      if (!lost.isEmpty()) {
        break;
      }
    }
    for (Future<?> writer : writers) {
      writer.get();
    }

    assertThat(lost).as("acknowledged, but not in a copy of the data file").isEmpty();
    assertThat(copies).isGreaterThanOrEqualTo(3);
    assertThat(documents(copyOf(file)).keySet())
        .as("every write in the file once all are answered")
        .containsAll(acknowledged.keySet());
  }

  private Path copyOf(Path source) throws Exception {
    Path copy = dir.resolve("final.mv");
    Files.copy(source, copy);
    return copy;
  }

  /**
   * The claims in a copy of the data file, opened as a store of its own (H2 recovers the last
   * complete commit): a claim's {@code _id} to 0, a counter's to its {@code n}.
   */
  private static Map<String, Integer> documents(Path copy) {
    MVStore store = new MVStore.Builder().fileName(copy.toString()).readOnly().open();
    try {
      Map<String, Integer> found = new ConcurrentHashMap<>();
      if (!store.hasMap("databases." + DB + "." + COLLECTION)) {
        return found;
      }
      MVMap<Object, de.bwaldvogel.mongo.bson.Document> data =
          DurableH2Backend.documents(store, DB + "." + COLLECTION);
      for (de.bwaldvogel.mongo.bson.Document document : data.values()) {
        String id = String.valueOf(document.get("_id"));
        Object n = document.get("n");
        found.put(id, n instanceof Number number ? number.intValue() : 0);
      }
      return found;
    } finally {
      store.close();
    }
  }
}
