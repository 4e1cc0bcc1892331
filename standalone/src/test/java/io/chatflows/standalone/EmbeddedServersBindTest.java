package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The embedded Temporal and MongoDB-wire servers ask for no credentials, so by default they listen
 * on loopback only: their ports answer on 127.0.0.1 and refuse connections on the machine's other
 * addresses. A long command on one connection to the MongoDB-wire server does not hold up the
 * commands of other connections.
 */
@ActiveProfiles("test")
@SpringBootTest(classes = StandaloneApplication.class)
class EmbeddedServersBindTest {

  @Value("${spring.temporal.connection.target}")
  String temporalTarget;

  @Value("${spring.mongodb.uri}")
  String mongoUri;

  @Test
  void givenTheDefaultBindAddress_theEmbeddedPortsAnswerOnLoopbackOnly() {
    Optional<InetAddress> other = LocalAddresses.nonLoopback();
    assumeTrue(other.isPresent(), "this machine has no non-loopback address to try");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int temporalPort =
        Integer.parseInt(temporalTarget.substring(temporalTarget.lastIndexOf(':') + 1));
    int mongoPort = URI.create(mongoUri).getPort();

    assertThat(temporalTarget).startsWith("127.0.0.1:");
    assertThat(LocalAddresses.accepts(loopback, temporalPort)).isTrue();
    assertThat(LocalAddresses.accepts(loopback, mongoPort)).isTrue();
    assertThat(LocalAddresses.accepts(other.get(), temporalPort))
        .as("Temporal on " + other.get())
        .isFalse();
    assertThat(LocalAddresses.accepts(other.get(), mongoPort))
        .as("MongoDB on " + other.get())
        .isFalse();
  }

  @Test
  @Timeout(120)
  void givenALongCommandOnOneConnection_commandsOnTheOthersAnswerMeanwhile() throws Exception {
    int others = 11;
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri))
                .applyToConnectionPoolSettings(p -> p.minSize(others + 1).maxSize(others + 1))
                .build())) {
      MongoDatabase db = client.getDatabase("bind_test");
      MongoCollection<Document> left = db.getCollection("left");
      MongoCollection<Document> right = db.getCollection("right");
      List<Document> rows = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        rows.add(new Document("_id", i).append("k", i % 700));
      }
      left.insertMany(rows);
      right.insertMany(rows);
      // Every connection of the pool open, each on the server's event loop it was accepted on.
      ExecutorService pool = Executors.newFixedThreadPool(others + 1);
      try {
        awaitAll(pool, others + 1, () -> left.find(new Document("_id", 1)).first());
        // A join on a field without an index: every pair of documents compared, for seconds.
        Future<?> longCommand =
            pool.submit(
                () ->
                    left.aggregate(
                            List.of(
                                new Document(
                                    "$lookup",
                                    new Document("from", "right")
                                        .append("localField", "k")
                                        .append("foreignField", "k")
                                        .append("as", "same"))))
                        .into(new ArrayList<>()));
        Thread.sleep(200);
        // Short commands from every other connection at once, round after round.
        for (int round = 0; round < 5; round++) {
          awaitAll(pool, others, () -> left.find(new Document("_id", 2)).first());
        }
        assertThat(longCommand.isDone())
            .as("the short commands were held up until the long one ended")
            .isFalse();
        longCommand.get();
      } finally {
        pool.shutdownNow();
        db.drop();
      }
    }
  }

  private static void awaitAll(ExecutorService pool, int tasks, Runnable task) throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      running.add(pool.submit(task));
    }
    for (Future<?> f : running) {
      f.get();
    }
  }
}
