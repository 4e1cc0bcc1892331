package io.chatflows.standalone;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default stores documents as BSON and orders its unique indexes' keys (the {@code
 * _id} index of every collection among them) by value, as MongoDB does, where the stock H2 backend
 * uses Java serialisation for both: a data file the stock backend wrote is opened with its
 * documents read and its unique indexes rebuilt in that order, and every lookup, {@code $in},
 * duplicate-key check, update and document read answers as the stock server's does.
 */
class EmbeddedMongoStorageTest {

  private static final String DB = "chatflows";
  private static final int DOCUMENTS = 5_000;

  @TempDir Path dir;

  @Test
  void givenAFileTheStockBackendWrote_whenOpened_everyDocumentIsFoundByItsKeysAndKeysStayUnique() {
    String file = dir.resolve("mongo.mv").toString();
    try (ServedMongo<?> stock = ServedMongo.of(new H2Backend(file))) {
      MongoCollection<Document> contacts = contacts(stock.client());
      contacts.createIndex(Indexes.ascending("phone"), new IndexOptions().unique(true));
      seed(contacts);
    }

    try (ServedMongo<?> embedded = ServedMongo.durable(Path.of(file))) {
      MongoCollection<Document> contacts = contacts(embedded.client());
      for (int i = 0; i < DOCUMENTS; i += 97) {
        assertThat(contacts.find(eq("_id", "c-" + i)).first()).containsEntry("n", i);
        assertThat(contacts.find(eq("phone", "+49" + i)).first()).containsEntry("_id", "c-" + i);
      }
      assertThat(contacts.countDocuments(in("_id", "c-1", "c-4999", "c-none"))).isEqualTo(2);
      assertDuplicate(() -> contacts.insertOne(new Document("_id", "c-12")));
      assertDuplicate(
          () -> contacts.insertOne(new Document("_id", "new").append("phone", "+4912")));
      assertDuplicate(() -> contacts.updateOne(eq("_id", "c-13"), Updates.set("phone", "+4914")));
      contacts.updateOne(eq("_id", "c-20"), Updates.set("city", "Lisbon"));
      assertThat(contacts.find(eq("_id", "c-20")).first())
          .isEqualTo(
              new Document("_id", "c-20")
                  .append("phone", "+4920")
                  .append("n", 20)
                  .append("city", "Lisbon"));
      contacts.deleteOne(eq("_id", "c-12"));
      contacts.insertOne(new Document("_id", "c-12").append("phone", "+4912").append("n", -1));
      assertThat(contacts.find(eq("phone", "+4912")).first()).containsEntry("n", -1);
    }

    MVStore store = new MVStore.Builder().fileName(file).readOnly().open();
    try {
      String index = DB + ".contacts._index_";
      assertThat(store.getMapNames())
          .contains(index + "_id_.ordered", index + "phone_1.ordered")
          .doesNotContain(index + "_id_", index + "phone_1");
    } finally {
      store.close();
    }
  }

  @Test
  void givenKeysOfEveryType_whenLookedUp_theAnswersAreTheStockServers() {
    try (ServedMongo<?> stock = ServedMongo.stock();
        ServedMongo<?> embedded = ServedMongo.durable(dir.resolve("e.mv"))) {
      MongoClient stockClient = stock.client();
      MongoClient client = embedded.client();
      List<Object> ids =
          List.of(
              "text",
              7,
              8L,
              2.5,
              true,
              new ObjectId("65a000000000000000000001"),
              java.util.Date.from(Instant.parse("2026-11-30T12:00:00Z")),
              new Document("flow", "f1").append("hour", 3));
      List<Function<MongoCollection<Document>, Object>> operations = new ArrayList<>();
      for (Object id : ids) {
        operations.add(c -> c.find(eq("_id", id)).first());
      }
      operations.add(
          c -> c.find(in("_id", ids)).sort(Sorts.ascending("n")).into(new ArrayList<>()));
      operations.add(c -> c.find(eq("_id", 7.0)).first()); // numbers are equal across types
      operations.add(c -> c.find(eq("_id", 8)).first());
      operations.add(c -> duplicateOf(c, new Document("_id", 7L)));
      operations.add(
          c -> duplicateOf(c, new Document("_id", new Document("flow", "f1").append("hour", 3))));
      operations.add(
          c -> duplicateOf(c, new Document("_id", new Document("hour", 3).append("flow", "f1"))));
      operations.add(c -> c.find(eq("_id", new Document("hour", 3).append("flow", "f1"))).first());

      operations.add(c -> c.find().sort(Sorts.ascending("n")).into(new ArrayList<>()));
      operations.add(c -> c.find(eq("values.nested.list", 2)).first());

      for (MongoCollection<Document> c : List.of(contacts(stockClient), contacts(client))) {
        for (int i = 0; i < ids.size(); i++) {
          c.insertOne(new Document("_id", ids.get(i)).append("n", i).append("values", VALUES));
        }
        c.updateOne(eq("_id", 7), Updates.combine(Updates.inc("n", 0.5), Updates.unset("values")));
      }
      for (Function<MongoCollection<Document>, Object> operation : operations) {
        assertThat(operation.apply(contacts(client)))
            .isEqualTo(operation.apply(contacts(stockClient)));
      }
      // The data size, which the embedded default adds up when asked, not write by write.
      assertThat(dataSize(client)).isPositive().isEqualTo(dataSize(stockClient));
    }
  }

  /** A value of every BSON type the app stores, nested. */
  private static final Document VALUES =
      new Document("text", "Olá 👋")
          .append("int", 42)
          .append("long", 1L << 40)
          .append("double", 0.1)
          .append("true", true)
          .append("null", null)
          .append("date", java.util.Date.from(Instant.parse("2026-11-30T12:00:00.123Z")))
          .append("objectId", new ObjectId("65a000000000000000000002"))
          .append("binary", new org.bson.types.Binary(new byte[] {1, 2, 3}))
          .append("uuid", new org.bson.types.Binary((byte) 4, new byte[16]))
          .append("decimal", org.bson.types.Decimal128.parse("12.50"))
          .append("nested", new Document("list", List.of(1, 2, new Document("deep", List.of()))));

  private static long dataSize(MongoClient client) {
    return client
        .getDatabase(DB)
        .runCommand(new Document("collStats", "contacts"))
        .get("size", Number.class)
        .longValue();
  }

  private static String duplicateOf(MongoCollection<Document> c, Document document) {
    try {
      c.insertOne(document);
      c.deleteOne(eq("_id", document.get("_id")));
      return "inserted";
    } catch (MongoWriteException e) {
      return e.getError().getCategory().name();
    }
  }

  private static void seed(MongoCollection<Document> contacts) {
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      batch.add(new Document("_id", "c-" + i).append("phone", "+49" + i).append("n", i));
    }
    contacts.insertMany(batch);
  }

  private static void assertDuplicate(Runnable write) {
    assertThatThrownBy(write::run)
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }

  private static MongoCollection<Document> contacts(MongoClient client) {
    return client.getDatabase(DB).getCollection("contacts");
  }
}
