package io.chatflows.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.api.analytics.AnalyticsPayloads.FlowReport;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.analytics.CountedWrites;
import io.chatflows.store.analytics.CounterFolder;
import io.chatflows.store.analytics.CounterKey;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.backfill.AnalyticsBackfill;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.conversation.StepBatchDocument;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Generated traffic on one flow — starts, steps on every branch, unmatched replies and stale
 * clicks, refused sends, delivery statuses, ends of every kind, closes by the api, conversations
 * stored before the counters — written through the stores with retried, duplicated and half-done
 * writes (the process dying between the intent and the change, or between the change and the fold),
 * then the analytics answered from the counters must equal the answer replayed from the
 * conversations and messages themselves.
 */
class CountersAgreeWithReplayTest {

  private static final String WS = "ws-1";
  private static final String FLOW = "flow-1";
  private static final Workspace WORKSPACE = new Workspace(WS, "Workspace", "salt");
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

  /** Node types of the generated flow; the edges between them are in {@link #next}. */
  private static final Map<String, String> TYPES =
      Map.of("n1", "template", "n2", "template", "n3", "action", "n4", "template", "n5", "action");

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private Crashing counters;
  private CounterFolder folder;
  private boolean deferred;

  /**
   * When a deferred folder is flushed: apart from {@link #random}, so the traffic stays the same.
   */
  private Random flushes;

  private ConversationStore conversations;
  private MessageStore messages;
  private AnalyticsService analytics;
  private Random random;

  /** Counters whose writer can be made to die once, after its intent or after its change. */
  static final class Crashing extends FlowCounters {
    volatile boolean dieAfterIntent;
    volatile boolean dieBeforeFold;

    /** Runs once, as the writer is about to fold (another writer getting in between). */
    Runnable beforeFold;

    Crashing(MongoTemplate mongo) {
      super(mongo);
    }

    @Override
    protected void intend(CounterKey key, Pending pending) {
      super.intend(key, pending);
      if (dieAfterIntent) {
        dieAfterIntent = false;
        throw new IllegalStateException("the process died after its intent");
      }
    }

    @Override
    protected boolean fold(CounterKey key, String token, FlowCounts sum) {
      if (dieBeforeFold) {
        dieBeforeFold = false;
        throw new IllegalStateException("the process died before its fold");
      }
      Runnable meanwhile = beforeFold;
      beforeFold = null;
      if (meanwhile != null) {
        meanwhile.run();
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
    counters = new Crashing(mongo);
    useFolder(CounterFolder.inline(counters));
    StoreIndexes.create(mongo, true, List.of(counters, conversations, messages));
    analytics = new AnalyticsService(new FlowStore(mongo), conversations, messages, counters);
  }

  /** Stores whose changes {@code folder} folds. */
  private void useFolder(CounterFolder folder) {
    this.folder = folder;
    CountedWrites counted = new CountedWrites(mongo, counters, folder);
    conversations = new ConversationStore(mongo, counted);
    messages = new MessageStore(mongo, counted);
  }

  @AfterEach
  void stop() {
    folder.close();
    client.close();
    server.shutdownNow();
  }

  /**
   * How counted changes are folded: {@code inline} before the writer returns; {@code background} by
   * the folder's thread, as in the application; {@code deferred} only when the traffic flushes the
   * folder at random moments or the next change of the same document comes, so that changes wait
   * for their folds as long as they can.
   */
  @ParameterizedTest(name = "seed {0}, folds {1}")
  @CsvSource({
    "1, inline", "2, inline", "3, inline",
    "1, background", "2, background", "3, background",
    "1, deferred", "2, deferred", "3, deferred"
  })
  void givenTrafficWithRetriedAndHalfDoneWrites_whenAnswered_theCountersEqualTheReplay(
      long seed, String folds) {
    random = new Random(seed);
    switch (folds) {
      case "background" -> useFolder(CounterFolder.background(counters));
      case "deferred" -> {
        useFolder(CounterFolder.paused(counters));
        deferred = true;
        flushes = new Random(seed);
      }
      default -> assertThat(folds).isEqualTo("inline");
    }
    for (int i = 0; i < 60; i++) {
      converse("c" + i, random.nextInt(6) == 0);
    }
    // What a version without counters stored and nothing changed since is counted by the
    // backfill; a second run finds nothing left.
    AnalyticsBackfill backfill =
        new AnalyticsBackfill(mongo, new CountedWrites(mongo, counters), counters);
    assertThat(backfill.run(7).conversations()).isPositive();
    assertThat(backfill.run(7)).isEqualTo(new AnalyticsBackfill.Result(0, 0, 0));

    for (Integer version : new Integer[] {null, 1, 2}) {
      FlowReport fromCounters = analytics.flow(WORKSPACE, FLOW, version, null, null);
      FlowReport replayed =
          analytics.flow(
              WORKSPACE,
              FLOW,
              version,
              T0.plusMillis(1),
              T0.plus(Duration.ofHours(1)).minusMillis(1));
      assertSameNumbers(fromCounters, replayed);
    }
    FlowReport all = analytics.flow(WORKSPACE, FLOW, null, null, null);
    assertThat(all.conversations().started()).isEqualTo(60);
    assertThat(all.conversations().ended()).isPositive();
    assertThat(all.unmatchedReplies() + all.staleClicks()).isPositive();
    assertThat(all.edges()).isNotEmpty();
    assertThat(all.messages()).anySatisfy(m -> assertThat(m.delivered()).isPositive());
    assertThat(all.messages()).anySatisfy(m -> assertThat(m.rejected()).isPositive());
  }

  @Test
  void givenAWriterPausedBeforeItsFold_whenAnotherWriterFinishesIt_theChangeCountsOnce() {
    Instant startedAt = T0.plusSeconds(60);
    conversations.insert(
        new ConversationDocument(
            "c1",
            WS,
            FLOW,
            1,
            "111",
            "k",
            "wf",
            "run",
            ConversationStatus.RUNNING,
            null,
            Map.of(),
            0,
            List.of(),
            startedAt,
            startedAt,
            null));
    Step entered = new Step(0, StepKind.NODE_ENTERED, "n1", null, null, "template", 1L);
    Step unmatched = new Step(1, StepKind.UNMATCHED_REPLY, "n1", null, "text", "hi", 2L);
    Step stale = new Step(2, StepKind.STALE_CLICK, "n1", null, "button_click", "Menu", 3L);
    // Another process (its own writer) records the next step while the first has made its change
    // but not folded it yet: it folds the first change before making its own.
    ConversationStore other = new ConversationStore(mongo, new CountedWrites(mongo, counters));
    counters.beforeFold =
        () ->
            assertThat(
                    other.apply(
                        new ProgressUpdate(
                            "c1",
                            WS,
                            2,
                            ConversationStatus.WAITING,
                            "n1",
                            Map.of(),
                            List.of(stale),
                            FLOW,
                            0)))
                .isTrue();

    assertThat(
            conversations.apply(
                new ProgressUpdate(
                    "c1",
                    WS,
                    0,
                    ConversationStatus.WAITING,
                    "n1",
                    Map.of(),
                    List.of(entered, unmatched),
                    FLOW,
                    0)))
        .isTrue();

    FlowReport report = analytics.flow(WORKSPACE, FLOW, null, null, null);
    assertThat(report.nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.entered()).isEqualTo(1);
              assertThat(n.unmatchedReplies()).isEqualTo(1);
              assertThat(n.staleClicks()).isEqualTo(1);
              assertThat(n.active()).isEqualTo(1);
            });
    assertSameNumbers(
        report,
        analytics.flow(
            WORKSPACE, FLOW, null, T0.plusMillis(1), T0.plus(Duration.ofHours(1)).minusMillis(1)));
  }

  private static void assertSameNumbers(FlowReport counters, FlowReport replay) {
    assertThat(counters.conversations()).isEqualTo(replay.conversations());
    assertThat(counters.completionRate()).isEqualTo(replay.completionRate());
    assertThat(counters.durationSeconds()).isEqualTo(replay.durationSeconds());
    assertThat(counters.unmatchedReplies()).isEqualTo(replay.unmatchedReplies());
    assertThat(counters.staleClicks()).isEqualTo(replay.staleClicks());
    assertThat(counters.nodes()).isEqualTo(replay.nodes());
    assertThat(counters.edges()).isEqualTo(replay.edges());
    assertThat(counters.messages()).isEqualTo(replay.messages());
  }

  /** One conversation's life, every write through the stores, some of them retried or cut. */
  private void converse(String id, boolean storedBeforeCounters) {
    Instant startedAt = T0.plusSeconds(1 + random.nextInt(3590));
    int version = 1 + random.nextInt(2);
    ConversationDocument started =
        new ConversationDocument(
            id,
            WS,
            FLOW,
            version,
            "111",
            "k-" + id,
            "wf-" + id,
            "run-" + id,
            ConversationStatus.RUNNING,
            null,
            Map.of(),
            0,
            List.of(),
            startedAt,
            startedAt,
            null);
    Walk walk = new Walk(id);
    if (storedBeforeCounters) {
      // Written by a version without counters: no counts, steps in a batch of their own.
      mongo.insert(started);
      walk.faults = false;
      walk.enter("n1");
      walk.faults = true;
      List<Step> steps = walk.take();
      mongo.insert(batch(id, steps));
      mongo.updateFirst(
          org.springframework.data.mongodb.core.query.Query.query(
              org.springframework.data.mongodb.core.query.Criteria.where("_id").is(id)),
          new org.springframework.data.mongodb.core.query.Update()
              .set("stepCount", steps.size())
              .set("status", ConversationStatus.WAITING),
          ConversationDocument.class);
      walk.seq = steps.size();
      walk.flushed = steps.size();
    } else {
      conversations.insert(started);
      walk.enter("n1");
      walk.flush(ConversationStatus.WAITING);
    }
    for (int move = 0; move < 8 && walk.open; move++) {
      walk.move();
    }
  }

  /** A conversation's steps as the workflow would record them, flushed as progress updates. */
  private final class Walk {
    final String id;
    final List<Step> steps = new ArrayList<>();
    final Map<String, String> templatesSent = new HashMap<>();
    int seq;
    int flushed;
    int sends;
    String at;
    boolean open = true;
    boolean faults = true;

    Walk(String id) {
      this.id = id;
    }

    void step(String kind, String node, String edge, String trigger, String detail) {
      steps.add(new Step(seq++, kind, node, edge, trigger, detail, System.currentTimeMillis()));
    }

    List<Step> take() {
      List<Step> taken = List.copyOf(steps);
      steps.clear();
      return taken;
    }

    void enter(String node) {
      at = node;
      step(StepKind.NODE_ENTERED, node, null, null, TYPES.get(node));
      if ("template".equals(TYPES.get(node))) {
        send(node, "template");
      }
    }

    void send(String node, String kind) {
      if (faults && random.nextInt(12) == 0) {
        step(StepKind.SEND_FAILED, node, null, null, "131026");
        end(ConversationStatus.FAILED);
        return;
      }
      String wamid = "wamid." + id + "." + (++sends);
      step(StepKind.MESSAGE_SENT, node, null, null, wamid);
      if ("template".equals(kind)) {
        templatesSent.put(node, "tpl_" + node);
      }
      messages.save(
          new MessageDocument(
              wamid,
              WS,
              "111",
              id,
              "wf-" + id,
              node,
              sends,
              "k-" + id,
              "16505550000",
              kind,
              "t-" + node,
              "template".equals(kind) ? "tpl_" + node : null,
              "en_US",
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              null,
              false,
              Map.of(),
              Instant.now(),
              null));
      for (String status : List.of("sent", "delivered", "read", "failed")) {
        if (random.nextInt(3) == 0) {
          if (faults) {
            record(wamid, status);
          } else {
            // Recorded by a version without counters.
            mongo.updateFirst(
                org.springframework.data.mongodb.core.query.Query.query(
                    org.springframework.data.mongodb.core.query.Criteria.where("_id").is(wamid)),
                new org.springframework.data.mongodb.core.query.Update()
                    .set("statuses." + status, Instant.now()),
                MessageDocument.class);
          }
        }
      }
    }

    void record(String wamid, String status) {
      int fault = random.nextInt(10);
      if (fault == 0) {
        diesBeforeFold(() -> messages.recordStatus(wamid, status, Instant.now()));
        assertThat(messages.recordStatus(wamid, status, Instant.now())).isFalse();
      } else if (fault == 1) {
        counters.dieAfterIntent = true;
        assertThatThrownBy(() -> messages.recordStatus(wamid, status, Instant.now()))
            .isInstanceOf(IllegalStateException.class);
        assertThat(messages.recordStatus(wamid, status, Instant.now())).isTrue();
      } else {
        assertThat(messages.recordStatus(wamid, status, Instant.now())).isTrue();
        if (fault == 2) {
          assertThat(messages.recordStatus(wamid, status, Instant.now())).isFalse();
        }
      }
    }

    void move() {
      if (!open) {
        return;
      }
      if (deferred && flushes.nextInt(3) == 0) {
        folder.flush();
      }
      String type = TYPES.get(at);
      if (!"template".equals(type)) {
        return;
      }
      switch (random.nextInt(9)) {
        case 0 -> {
          step(StepKind.UNMATCHED_REPLY, at, null, "text", "hello?");
          flush(ConversationStatus.WAITING);
        }
        case 1 -> {
          step(StepKind.STALE_CLICK, at, null, "button_click", "Menu");
          flush(ConversationStatus.WAITING);
        }
        case 2 -> end(ConversationStatus.TIMED_OUT);
        case 3 -> {
          if (conversations.closeIfOpen(id, ConversationStatus.CANCELLED)) {
            open = false;
          }
        }
        case 4 -> open = false;
        default -> follow();
      }
    }

    void follow() {
      List<String[]> out = next(at);
      String[] edge = out.get(random.nextInt(out.size()));
      step(StepKind.EDGE_TAKEN, at, edge[0], edge[2], null);
      enter(edge[1]);
      if (!open) {
        return;
      }
      switch (at) {
        case "n3" -> {
          step(StepKind.ACTION, "n3", null, null, "assign support");
          end(ConversationStatus.HANDED_OFF);
        }
        case "n5" -> {
          send("n5", "text");
          if (open) {
            step(StepKind.EDGE_TAKEN, "n5", "e6", "default", null);
            enter("n4");
            if (open) {
              flush(ConversationStatus.WAITING);
            }
          }
        }
        case "n4" -> {
          if (random.nextBoolean()) {
            end(ConversationStatus.COMPLETED);
          } else {
            flush(ConversationStatus.WAITING);
          }
        }
        default -> flush(ConversationStatus.WAITING);
      }
    }

    void end(ConversationStatus status) {
      step(StepKind.ENDED, at, null, null, status.wireName());
      flush(status);
      open = false;
    }

    /** Writes the steps since the last flush, the way the projection write is retried. */
    void flush(ConversationStatus status) {
      List<Step> batch = take();
      ProgressUpdate update =
          new ProgressUpdate(id, WS, flushed, status, at, Map.of(), batch, FLOW, 0);
      Map<String, String> names = Map.copyOf(templatesSent);
      templatesSent.clear();
      switch (random.nextInt(8)) {
        case 0 -> {
          counters.dieAfterIntent = true;
          assertThatThrownBy(() -> conversations.apply(update, names))
              .isInstanceOf(IllegalStateException.class);
          assertThat(conversations.apply(update, names)).isTrue();
        }
        case 1 -> {
          diesBeforeFold(() -> conversations.apply(update, names));
          // A retried update is ignored; one without steps sets the same state again.
          assertThat(conversations.apply(update, names)).isEqualTo(batch.isEmpty());
        }
        case 2 -> {
          assertThat(conversations.apply(update, names)).isTrue();
          assertThat(conversations.apply(update, names)).isEqualTo(batch.isEmpty());
        }
        case 3 -> {
          if (batch.size() > 1) {
            // An earlier attempt stored part of the steps and died before the conversation.
            mongo.insert(batch(id, batch.subList(0, 1)));
          }
          assertThat(conversations.apply(update, names)).isTrue();
        }
        default -> assertThat(conversations.apply(update, names)).isTrue();
      }
      flushed += batch.size();
    }
  }

  /**
   * Makes {@code write} with the process dying before its fold: folded on the writer's thread, the
   * write fails; folded in the background, the writer has returned and the folder's fold fails.
   */
  private void diesBeforeFold(Supplier<Boolean> write) {
    if (!folder.foldsInBackground()) {
      counters.dieBeforeFold = true;
      assertThatThrownBy(write::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before its fold");
      return;
    }
    // Nothing left for the writer to fold first: the fold that dies is the folder's.
    folder.flush();
    counters.dieBeforeFold = true;
    assertThat(write.get()).isTrue();
    folder.flush();
    // The fold that died is this write's or one the folder's thread was making meanwhile.
    Instant deadline = Instant.now().plusSeconds(10);
    while (counters.dieBeforeFold && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    assertThat(counters.dieBeforeFold).isFalse();
  }

  private static StepBatchDocument batch(String id, List<Step> steps) {
    int first = steps.get(0).seq();
    return new StepBatchDocument(
        id + ":" + first + ":" + steps.size(), id, WS, first, List.copyOf(steps));
  }

  /** The edges out of a node: id, target, trigger. */
  private static List<String[]> next(String node) {
    return switch (node) {
      case "n1" ->
          List.of(
              new String[] {"e1", "n2", "button_click"},
              new String[] {"e2", "n3", "button_click"},
              new String[] {"e3", "n5", "button_click"});
      case "n2" ->
          List.of(new String[] {"e4", "n4", "button_click"}, new String[] {"e5", "n3", "text"});
      case "n4" -> List.<String[]>of(new String[] {"e7", "n1", "button_click"});
      default -> List.of();
    };
  }
}
