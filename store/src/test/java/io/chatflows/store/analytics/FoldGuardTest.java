package io.chatflows.store.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.index.StoreIndexes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The fold of a counted change is guarded by its pending entry: whichever writer folds it first
 * (its own writer, a later writer of the same document, a reader completing an abandoned change)
 * adds its counts, every other fold of the same token matches nothing.
 */
class FoldGuardTest {

  private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private static final CounterKey KEY = new CounterKey("ws-1", "flow-1", 1, HOUR);

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private FlowCounters counters;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    counters = new FlowCounters(mongo);
    StoreIndexes.create(mongo, true, List.of(counters));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenAChangeMadeButNotFolded_whenAnotherWriterCompletesItFirst_itsOwnFoldCountsNothing() {
    FlowCounts delta = unmatchedReply();
    String token = madeButNotFolded("c1", delta);

    // Another writer of c1 finds the change unfolded and completes it before planning its own.
    counters.complete(KEY.id(), token);
    boolean foldedByItsWriter = counters.fold(KEY, token, delta);

    assertThat(foldedByItsWriter).isFalse();
    assertThat(counters.isPending(KEY.id(), token)).isFalse();
    assertThat(unmatchedCounted()).isEqualTo(1);
  }

  @Test
  void givenAChangeFoldedByItsWriter_whenAnotherWriterCompletesItLate_itCountsOnce() {
    FlowCounts delta = unmatchedReply();
    String token = madeButNotFolded("c1", delta);

    assertThat(counters.fold(KEY, token, delta)).isTrue();
    counters.complete(KEY.id(), token);
    assertThat(counters.fold(KEY, token, delta)).isFalse();

    assertThat(unmatchedCounted()).isEqualTo(1);
  }

  @Test
  void givenAnIntentWhoseChangeWasNeverMade_whenCompleted_itCountsNothing() {
    String token = FlowCounters.newToken();
    counters.intend(KEY, pending(token, "c2", unmatchedReply()));
    mongo.getCollection("conversations").insertOne(new Document("_id", "c2"));

    counters.complete(KEY.id(), token);

    assertThat(unmatchedCounted()).isZero();
  }

  /** A change intended on the counter and made on its source, its writer not yet folded. */
  private String madeButNotFolded(String sourceId, FlowCounts delta) {
    String token = FlowCounters.newToken();
    counters.intend(KEY, pending(token, sourceId, delta));
    mongo
        .getCollection("conversations")
        .insertOne(
            new Document("_id", sourceId).append("countSeq", 1L).append("countToken", token));
    return token;
  }

  private static FlowCounters.Pending pending(String token, String sourceId, FlowCounts delta) {
    return new FlowCounters.Pending(
        token,
        Instant.now(),
        "change",
        "conversations",
        List.of(new FlowCounters.Part(sourceId, delta)));
  }

  private static FlowCounts unmatchedReply() {
    FlowCounts delta = new FlowCounts();
    delta.unmatched = 1;
    delta.node("n1").unmatched = 1;
    return delta;
  }

  /** The folded counts only (pending entries left out). */
  private long unmatchedCounted() {
    Document doc =
        mongo.getCollection(FlowCounters.COLLECTION).find(new Document("_id", KEY.id())).first();
    Document c = doc == null ? null : doc.get("c", Document.class);
    return c == null ? 0 : FlowCounts.fromDocument(c).unmatched;
  }
}
