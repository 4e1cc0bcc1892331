package io.chatflows.standalone;

import static com.mongodb.client.model.Filters.gte;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's MongoDB-wire server sorts and leaves out top-level fields its own way
 * (reading each document's sort values once; copying only the fields it keeps), and answers exactly
 * as mongo-java-server's stock H2 backend does: the same documents, in the same order, with the
 * same fields in the same order, for sorts on values of every type (missing, null, numbers of each
 * width, strings, dates, booleans, arrays, nested documents, nested paths), with and without a
 * filter, skip, limit and a batch size that makes the driver fetch more, for exclusions it applies
 * itself and projections it leaves to the server.
 */
class EmbeddedMongoSortProjectionTest {

  private static final String DB = "chatflows";
  private static final int DOCUMENTS = 300;

  @TempDir Path dataDir;

  private ServedMongo<?> embedded;
  private ServedMongo<?> stock;
  private MongoClient client;
  private MongoClient stockClient;

  @BeforeEach
  void start() {
    embedded = ServedMongo.durable(dataDir.resolve("mongo.mv"));
    stock = ServedMongo.stock();
    client = embedded.client();
    stockClient = stock.client();
  }

  @AfterEach
  void stop() {
    embedded.close();
    stock.close();
  }

  @Test
  void givenValuesOfEveryType_whenSortedAndProjected_theAnswersEqualTheStockServers() {
    Random random = new Random(31);
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      documents.add(document(random, i));
    }
    things(client).insertMany(documents.stream().map(Document::new).toList());
    things(stockClient).insertMany(documents.stream().map(Document::new).toList());

    List<Document> sorts =
        List.of(
            new Document(),
            new Document("v", 1).append("_id", 1),
            new Document("v", -1).append("_id", 1),
            new Document("m", 1).append("v", -1).append("_id", -1),
            new Document("nested.a", 1).append("_id", 1),
            new Document("list", 1).append("_id", 1),
            new Document("m", -1).append("when", 1).append("_id", 1),
            new Document("$natural", -1));
    List<Document> projections =
        List.of(
            new Document(),
            new Document("big", 0),
            new Document("big", 0).append("text", false),
            new Document("_id", 0).append("big", 0),
            new Document("nested.a", 0),
            new Document("m", 1).append("v", 1),
            new Document("big", 0).append("nested.b", 0));
    List<Bson> filters = List.of(new Document(), gte("m", 2));
    int[][] pages = {{0, 0}, {5, 20}, {290, 20}, {0, 250}};

    int compared = 0;
    for (Bson filter : filters) {
      for (Document sort : sorts) {
        for (Document projection : projections) {
          for (int[] page : pages) {
            String what =
                "filter %s sort %s projection %s skip %d limit %d"
                    .formatted(filter, sort.toJson(), projection.toJson(), page[0], page[1]);
            assertThat(json(find(client, filter, sort, projection, page)))
                .as(what)
                .containsExactlyElementsOf(json(find(stockClient, filter, sort, projection, page)));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isEqualTo(filters.size() * sorts.size() * projections.size() * 4);
  }

  private static MongoCollection<Document> things(MongoClient client) {
    return client.getDatabase(DB).getCollection("things");
  }

  private static FindIterable<Document> find(
      MongoClient client, Bson filter, Document sort, Document projection, int[] page) {
    return things(client)
        .find(filter)
        .sort(sort)
        .projection(projection)
        .skip(page[0])
        .limit(page[1])
        .batchSize(7);
  }

  /** Each document as JSON, so that the order of its fields is compared too. */
  private static List<String> json(FindIterable<Document> found) {
    List<String> answer = new ArrayList<>();
    found.forEach(document -> answer.add(document.toJson()));
    return answer;
  }

  private static Document document(Random random, int i) {
    Document document = new Document("_id", "d%03d".formatted(i)).append("m", random.nextInt(4));
    Object value = value(random);
    if (value != Missing.VALUE) {
      document.append("v", value);
    }
    Document nested = new Document("b", random.nextInt(3));
    if (random.nextBoolean()) {
      nested.append("a", value(random) instanceof Missing ? null : random.nextInt(10));
    }
    document.append("nested", nested);
    List<Object> list = new ArrayList<>();
    for (int k = random.nextInt(4); k > 0; k--) {
      list.add(random.nextInt(20));
    }
    document.append("list", list);
    document.append("when", new Date(1_700_000_000_000L + random.nextInt(5) * 60_000L));
    List<String> big = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      big.add("key-" + i + "-" + k);
    }
    document.append("big", big).append("text", "t" + random.nextInt(1000));
    return document;
  }

  private enum Missing {
    VALUE
  }

  private static Object value(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> Missing.VALUE;
      case 1 -> null;
      case 2 -> random.nextInt(100) - 50;
      case 3 -> (long) random.nextInt(100) - 50;
      case 4 -> random.nextInt(1000) / 10.0 - 50;
      case 5 -> "s" + (char) ('a' + random.nextInt(26));
      case 6 -> new Date(1_700_000_000_000L + random.nextInt(1000) * 1000L);
      case 7 -> random.nextBoolean();
      case 8 -> new Document("x", random.nextInt(5));
      default -> "S" + random.nextInt(10);
    };
  }
}
