package io.chatflows.store.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.analytics.Contributions;
import io.chatflows.store.analytics.CountedWrites;
import io.chatflows.store.analytics.CounterKey;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The backfill counts every conversation stored before the counters exactly once: whatever its
 * batch of documents meets (documents counted by their own writer between the backfill's read and
 * its write), and however often it is interrupted and run again.
 */
class AnalyticsBackfillTest {

  private static final String WS = "ws-1";
  private static final String FLOW = "flow-1";
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private Dying counters;
  private CountedWrites counted;

  /** Counters whose writer dies at the n-th intent or fold, or lets another writer in after one. */
  static final class Dying extends FlowCounters {
    int intentsUntilDeath = -1;
    int foldsUntilDeath = -1;

    /** Runs once, right after the next intent (other writers getting in before the change). */
    Runnable afterIntent;

    Dying(MongoTemplate mongo) {
      super(mongo);
    }

    @Override
    protected void intend(CounterKey key, Pending pending) {
      super.intend(key, pending);
      if (intentsUntilDeath >= 0 && intentsUntilDeath-- == 0) {
        throw new IllegalStateException("the process died after its intent");
      }
      Runnable meanwhile = afterIntent;
      afterIntent = null;
      if (meanwhile != null) {
        meanwhile.run();
      }
    }

    @Override
    protected boolean fold(CounterKey key, String token, FlowCounts sum) {
      if (foldsUntilDeath >= 0 && foldsUntilDeath-- == 0) {
        throw new IllegalStateException("the process died before its fold");
      }
      return super.fold(key, token, sum);
    }
  }

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    counters = new Dying(mongo);
    counted = new CountedWrites(mongo, counters);
    StoreIndexes.create(
        mongo,
        true,
        List.of(counters, new ConversationStore(mongo, counted), new MessageStore(mongo, counted)));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenABatchWhoseDocumentsWereCountedByTheirWriterMeanwhile_whenAdopted_eachCountsOnce() {
    CounterKey key = CounterKey.of(WS, FLOW, 1, T0);
    List<CountedWrites.Adoption> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      conversations()
          .insertOne(
              new Document("_id", "c" + i)
                  .append("flowVersion", 1)
                  .append("stepCount", 0)
                  .append("status", "waiting"));
      batch.add(new CountedWrites.Adoption("c" + i, null, started(), null));
    }
    // After the backfill read them (the batch is planned) and recorded its intent, the writers of
    // three of them count them first, as a live step does for a conversation not counted yet.
    counters.afterIntent =
        () -> {
          for (String id : List.of("c2", "c5", "c9")) {
            assertThat(
                    counted.change(
                        ConversationDocument.class,
                        id,
                        source ->
                            source.isCounted()
                                ? Optional.empty()
                                : Optional.of(
                                    new CountedWrites.Plan(
                                        key, started(), Updates.set("status", "completed")))))
                .isPresent();
          }
        };

    int adopted = counted.adopt(ConversationDocument.class, key, batch);

    assertThat(counters.sum(WS, FLOW, null, null, null).started).isEqualTo(10);
    assertThat(adopted).isEqualTo(7);
    // Each document was changed once, by whichever writer got there first.
    for (int i = 0; i < 10; i++) {
      assertThat(conversations().find(Filters.eq("_id", "c" + i)).first().get("countSeq"))
          .isEqualTo(1L);
    }
    assertThat(pendingEntries(key)).isZero();
  }

  @Test
  @Timeout(120)
  void givenALiveChangeOfADocumentTheBatchChangedAlready_whileItsBulkWriteRuns_eachCountsOnce()
      throws Exception {
    CounterKey key = CounterKey.of(WS, FLOW, 1, T0);
    int size = 3_000;
    List<CountedWrites.Adoption> batch = new ArrayList<>();
    List<Document> stored = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      stored.add(
          new Document("_id", "c" + i)
              .append("flowVersion", 1)
              .append("stepCount", 0)
              .append("status", "waiting"));
      batch.add(new CountedWrites.Adoption("c" + i, null, started(), null));
    }
    conversations().insertMany(stored);
    FlowCounts stale = new FlowCounts();
    stale.stale = 1;
    // As soon as the batch's bulk write has changed the first document, and while it changes the
    // others, a live step changes that document again (its writer first finishes the change the
    // document carries: the batch's).
    ExecutorService live = Executors.newSingleThreadExecutor();
    List<Future<Optional<CountedWrites.Source<ConversationDocument>>>> changed = new ArrayList<>();
    counters.afterIntent =
        () ->
            changed.add(
                live.submit(
                    () -> {
                      while (conversations().find(Filters.eq("_id", "c0")).first().get("countToken")
                          == null) {
                        Thread.onSpinWait();
                      }
                      return counted.change(
                          ConversationDocument.class,
                          "c0",
                          source ->
                              Optional.of(
                                  new CountedWrites.Plan(
                                      key, stale, Updates.set("status", "completed"))));
                    }));
    try {
      int adopted = counted.adopt(ConversationDocument.class, key, batch);
      assertThat(changed.get(0).get(60, TimeUnit.SECONDS)).isPresent();
      assertThat(adopted).isEqualTo(size);
    } finally {
      live.shutdownNow();
    }

    FlowCounts sum = counters.sum(WS, FLOW, null, null, null);
    assertThat(sum.started).isEqualTo(size);
    assertThat(sum.stale).isEqualTo(1);
    assertThat(conversations().find(Filters.eq("_id", "c0")).first().get("countSeq")).isEqualTo(2L);
    assertThat(pendingEntries(key)).isZero();
  }

  @Test
  void givenABackfillThatDiesAnywhere_whenRunAgain_everyConversationCountsOnce() {
    FlowCounts expected = new FlowCounts();
    for (int i = 0; i < 230; i++) {
      expected.add(storedBeforeCounters(i));
    }
    AnalyticsBackfill backfill = new AnalyticsBackfill(mongo, counted, counters);

    // Dies after the intent of its third batch (nothing of it changed), then after the changes
    // of its second batch (changed, not folded), then runs to the end.
    counters.intentsUntilDeath = 2;
    assertThatThrownBy(() -> backfill.run(50)).hasMessageContaining("after its intent");
    counters.foldsUntilDeath = 1;
    assertThatThrownBy(() -> backfill.run(50)).hasMessageContaining("before its fold");
    AnalyticsBackfill.Result last = backfill.run(50);

    assertThat(last.conversations()).isPositive().isLessThan(230);
    assertThat(nonZero(counters.sum(WS, FLOW, null, null, null))).isEqualTo(nonZero(expected));
    assertThat(counters.sum(WS, FLOW, null, null, null).started).isEqualTo(230);
    assertThat(backfill.run(50)).isEqualTo(new AnalyticsBackfill.Result(0, 0, 0));
    assertThat(backfill.completedOnce()).isTrue();
  }

  /**
   * Conversation {@code i} as a version without counters stored it: its steps in batches (some
   * repeated by a retry, some out of order, some inline on the conversation), its start in one of
   * six hours; returns what it counts for.
   */
  private FlowCounts storedBeforeCounters(int i) {
    String id = "c" + i;
    Instant startedAt =
        T0.plus(Duration.ofHours(i % 6)).plusSeconds(i).truncatedTo(ChronoUnit.MILLIS);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(0, StepKind.NODE_ENTERED, "n1", null, null, "template", 1));
    steps.add(new Step(1, StepKind.MESSAGE_SENT, "n1", null, null, "wamid." + i, 2));
    if (i % 3 != 0) {
      steps.add(new Step(2, StepKind.EDGE_TAKEN, "n1", "e1", "button_click", null, 3));
      steps.add(new Step(3, StepKind.NODE_ENTERED, "n2", null, null, "action", 4));
    }
    if (i % 4 == 1) {
      steps.add(new Step(steps.size(), StepKind.UNMATCHED_REPLY, "n2", null, "text", "hi", 5));
    }
    boolean ended = i % 5 == 0;
    Instant endedAt = ended ? startedAt.plusSeconds(90) : null;
    String status = ended ? "completed" : "waiting";
    List<Step> inline = List.of();
    if (i % 7 == 0) {
      inline = steps.subList(0, 1);
      insertBatch(id, steps.subList(1, steps.size()));
    } else if (steps.size() > 2) {
      // The later batch first; the first one twice, the second time by a retry with one more step.
      insertBatch(id, steps.subList(2, steps.size()));
      insertBatch(id, steps.subList(0, 2));
      insertBatch(id, steps.subList(0, 3));
    } else {
      insertBatch(id, steps);
    }
    List<Document> inlineDocs = new ArrayList<>();
    inline.forEach(s -> inlineDocs.add(stepDocument(s)));
    conversations()
        .insertOne(
            new Document("_id", id)
                .append("workspaceId", WS)
                .append("flowId", FLOW)
                .append("flowVersion", 1)
                .append("status", status)
                .append("stepCount", steps.size())
                .append("steps", inlineDocs)
                .append("startedAt", Date.from(startedAt))
                .append("updatedAt", Date.from(startedAt))
                .append("endedAt", endedAt == null ? null : Date.from(endedAt)));
    return Contributions.whole(steps, new Contributions.Status(status, startedAt, endedAt)).delta();
  }

  private void insertBatch(String id, List<Step> steps) {
    List<Document> docs = new ArrayList<>();
    steps.forEach(s -> docs.add(stepDocument(s)));
    mongo
        .getCollection("conversation_steps")
        .insertOne(
            new Document("_id", id + ":" + steps.get(0).seq() + ":" + steps.size())
                .append("conversationId", id)
                .append("workspaceId", WS)
                .append("firstSeq", steps.get(0).seq())
                .append("steps", docs));
  }

  private static Document stepDocument(Step s) {
    return new Document("seq", s.seq())
        .append("kind", s.kind())
        .append("nodeId", s.nodeId())
        .append("edgeId", s.edgeId())
        .append("trigger", s.trigger())
        .append("detail", s.detail())
        .append("at", s.at());
  }

  private static FlowCounts started() {
    FlowCounts delta = new FlowCounts();
    delta.started = 1;
    return delta;
  }

  /** The counts that are not zero, by path. */
  private static Map<String, Long> nonZero(FlowCounts counts) {
    Map<String, Long> numbers = new TreeMap<>();
    counts
        .toIncrements()
        .forEach(
            (path, value) -> {
              long n = ((Number) value).longValue();
              if (n != 0) {
                numbers.put(path, n);
              }
            });
    return numbers;
  }

  private long pendingEntries(CounterKey key) {
    Document counter =
        mongo.getCollection("flow_counters").find(Filters.eq("_id", key.id())).first();
    return counter.getList("pending", Document.class).stream()
        .filter(p -> !"-".equals(p.getString("token")))
        .count();
  }

  private MongoCollection<Document> conversations() {
    return mongo.getCollection("conversations");
  }
}
