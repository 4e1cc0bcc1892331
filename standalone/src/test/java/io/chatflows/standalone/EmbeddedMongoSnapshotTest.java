package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.chatflows.embedded.mongo.DurableH2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long read on the embedded default's store reads every document of the version it started on
 * while H2 moves the live pages of sparse chunks into new ones and frees the old: a scan of a
 * collection (a count on an unindexed field) runs again and again while another connection writes
 * and the store is compacted, as H2's background thread does on its own. A read that did not hold
 * its version found a chunk gone ({@code MVStoreException: Chunk … not found}), as the analytics
 * backfill did over 1,000,000 conversations.
 */
class EmbeddedMongoSnapshotTest {

  private static final String DB = "chatflows";
  private static final int DOCUMENTS = 40_000;
  private static final String PAYLOAD = "x".repeat(2_000);

  @TempDir Path dir;

  private DurableH2Backend backend;
  private ServedMongo<?> embedded;
  private MongoClient client;

  @BeforeEach
  void start() {
    backend = new DurableH2Backend(dir.resolve("mongo.mv").toString());
    // H2 frees a chunk no version in use needs once it is older than the retention time (45 s by
    // default): without it, every chunk here is as old as the data file's after an hour.
    backend.getMvStore().setRetentionTime(0);
    embedded = ServedMongo.of(backend);
    client = embedded.client();
  }

  @AfterEach
  void stop() {
    embedded.close();
  }

  @Test
  @Timeout(300)
  void givenSparseChunksCompactedMeanwhile_whenALongScanRuns_itReadsEveryDocumentOfItsVersion()
      throws Exception {
    MongoCollection<Document> docs = client.getDatabase(DB).getCollection("docs");
    for (int block = 0; block < DOCUMENTS / 1_000; block++) {
      List<Document> batch = new ArrayList<>();
      for (int i = block * 1_000; i < (block + 1) * 1_000; i++) {
        batch.add(new Document("_id", i).append("v", 0).append("payload", PAYLOAD + i));
      }
      docs.insertMany(batch);
    }
    // Updates of a quarter of them, one at a time, as conversations are: the chunks the documents
    // were inserted in are left sparse, and H2 moves their live pages into new chunks.
    Random random = new Random(1);
    for (int k = 0; k < DOCUMENTS / 4; k++) {
      docs.updateOne(Filters.eq("_id", random.nextInt(DOCUMENTS)), Updates.inc("v", 1));
    }
    MongoCollection<Document> other = client.getDatabase(DB).getCollection("other");
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicInteger compactions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> scans =
          pool.submit(
              () -> {
                int scanned = 0;
                try {
                  for (int round = 0; round < 5; round++) {
                    // Matches every document without an index: a scan of the collection.
                    scanned = (int) docs.countDocuments(Filters.gte("v", 0));
                    assertThat(scanned).isEqualTo(DOCUMENTS);
                  }
                  return scanned;
                } finally {
                  reading.set(false);
                }
              });
      Future<?> writer =
          pool.submit(
              () -> {
                while (reading.get()) {
                  other.insertOne(new Document("n", compactions.get()));
                  // What H2's background thread does on its own when chunks are sparse.
                  backend.getMvStore().compact(90, 1 << 20);
                  compactions.incrementAndGet();
                }
              });
      assertThat(scans.get()).isEqualTo(DOCUMENTS);
      writer.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(compactions.get()).isPositive();
  }
}
