package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare-and-set writers on the embedded default's store lose no update. Each writer reads a
 * document, adds an item and writes it back only if its {@code revision} is still the one it read,
 * as every optimistic-locking save of the product does (Spring Data's {@code @Version}: the whole
 * document replaced, filtered on the revision). A reply is encoded after the collection's lock is
 * released; while mongo-java-server changed the stored document in place, a reply encoded during an
 * update could carry the new revision with the old items, and the write based on it removed the
 * item it did not see (a node added through the builder API went missing the same way).
 */
class EmbeddedMongoTornReadTest {

  private static final int FIELDS = 300;
  private static final int WRITERS = 6;
  private static final int ITEMS_EACH = 40;

  @TempDir Path dir;

  private ServedMongo<?> embedded;
  private MongoClient client;

  @BeforeEach
  void start() {
    embedded = ServedMongo.durable(dir.resolve("mongo.mv"));
    client = embedded.client();
  }

  @AfterEach
  void stop() {
    embedded.close();
  }

  @Test
  @Timeout(120)
  void givenConcurrentCompareAndSetWriters_whenEachAddsItems_noUpdateIsLost() throws Exception {
    MongoCollection<Document> docs = client.getDatabase("chatflows").getCollection("flows");
    // The items first and the revision last, many fields apart, as a flow's graph and revision.
    Document first = new Document("_id", "flow").append("items", List.of());
    for (int f = 0; f < FIELDS; f++) {
      first.append("f" + f, "value " + f);
    }
    docs.insertOne(first.append("revision", 0L));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < ITEMS_EACH; i++) {
                  while (true) {
                    Document read = docs.find(Filters.eq("_id", "flow")).first();
                    long revision = read.getLong("revision");
                    List<String> items = new ArrayList<>(read.getList("items", String.class));
                    items.add(writer + "-" + i);
                    Document next = new Document(read);
                    next.put("items", items);
                    next.put("revision", revision + 1);
                    long modified =
                        docs.replaceOne(
                                Filters.and(
                                    Filters.eq("_id", "flow"), Filters.eq("revision", revision)),
                                next)
                            .getModifiedCount();
                    if (modified == 1) {
                      break;
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();
    Document last = docs.find(Filters.eq("_id", "flow")).first();
    assertThat(last.getLong("revision")).isEqualTo(WRITERS * ITEMS_EACH);
    assertThat(last.getList("items", String.class)).hasSize(WRITERS * ITEMS_EACH);
  }

  @Test
  @Timeout(120)
  void givenOperatorUpdatesOfNestedFields_whenReadMeanwhile_everyReadIsOneWholeVersion()
      throws Exception {
    MongoCollection<Document> docs = client.getDatabase("chatflows").getCollection("counters");
    // The nested fields first and the revision last, many fields apart.
    Document first =
        new Document("_id", "c").append("nested", new Document("items", List.of()).append("n", 0));
    for (int f = 0; f < FIELDS; f++) {
      first.append("f" + f, "value " + f);
    }
    docs.insertOne(first.append("revision", 0));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < WRITERS - 1; r++) {
      readers.add(
          pool.submit(
              () -> {
                int reads = 0;
                while (writing.get()) {
                  Document read = docs.find(Filters.eq("_id", "c")).first();
                  Document nested = read.get("nested", Document.class);
                  int revision = read.getInteger("revision");
                  assertThat(nested.getList("items", String.class)).hasSize(revision);
                  assertThat(nested.getInteger("n")).isEqualTo(revision);
                  reads++;
                }
                return reads;
              }));
    }
    int updates = WRITERS * ITEMS_EACH * 5;
    for (int i = 0; i < updates; i++) {
      docs.updateOne(
          Filters.eq("_id", "c"),
          Updates.combine(
              Updates.push("nested.items", "item-" + i),
              Updates.inc("nested.n", 1),
              Updates.inc("revision", 1)));
    }
    writing.set(false);
    int reads = 0;
    for (Future<Integer> reader : readers) {
      reads += reader.get();
    }
    pool.shutdown();
    assertThat(reads).isPositive();
    Document last = docs.find(Filters.eq("_id", "c")).first();
    assertThat(last.getInteger("revision")).isEqualTo(updates);
    assertThat(last.get("nested", Document.class).getList("items", String.class)).hasSize(updates);
  }
}
