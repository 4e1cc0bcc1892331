package io.chatflows.store.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Failed workflow tasks on the conversation projection, against the embedded MongoDB-wire server:
 * replicas reporting together count each failure once, a late report after progress is ignored, and
 * the next step clears the record.
 */
class TaskFailuresTest {

  private static final String WS = "ws-1";
  private static final String WORKFLOW = "conversation:ws-1:100000000000001:ck_1";

  private MongoServer server;
  private MongoClient client;
  private ConversationStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    MongoTemplate mongo = new MongoTemplate(client, "test");
    store = new ConversationStore(mongo);
    StoreIndexes.create(mongo, true, List.of(store));
    store.insert(
        new ConversationDocument(
            "c1",
            WS,
            "flow-1",
            1,
            "100000000000001",
            "ck_1",
            WORKFLOW,
            "run-1",
            ConversationStatus.WAITING,
            "n1",
            Map.of(),
            0,
            List.of(),
            Instant.now().minusSeconds(60),
            Instant.now().minusSeconds(60),
            null));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenFailuresReportedByManyReplicasAtOnce_whenRecorded_eachCountsOnceAndOneIsTheFirst()
      throws Exception {
    ExecutorService replicas = Executors.newFixedThreadPool(4);
    List<Future<Integer>> seen = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seen.add(
          replicas.submit(
              () ->
                  store
                      .recordTaskFailure(WORKFLOW, "java.lang.IllegalStateException", Instant.now())
                      .orElseThrow()
                      .stuck()
                      .attempts()));
    }
    List<Integer> attempts = new ArrayList<>();
    for (Future<Integer> f : seen) {
      attempts.add(f.get());
    }
    replicas.shutdown();

    assertThat(attempts).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    ConversationDocument c = store.find(WS, "c1").orElseThrow();
    assertThat(c.stuck().attempts()).isEqualTo(8);
    assertThat(c.stuck().since()).isBeforeOrEqualTo(c.stuck().lastFailedAt());
    assertThat(c.isStuck()).isTrue();
    assertThat(store.countByFlow(ConversationQuery.everywhere().stuck().build()))
        .containsExactlyEntriesOf(Map.of("flow-1", 1L));
  }

  @Test
  void givenOneFailure_itIsRecordedButNotYetStuck() {
    store.recordTaskFailure(WORKFLOW, "java.lang.ArithmeticException", Instant.now());

    ConversationDocument c = store.find(WS, "c1").orElseThrow();
    assertThat(c.stuck().attempts()).isEqualTo(1);
    assertThat(c.stuck().lastError()).isEqualTo("java.lang.ArithmeticException");
    assertThat(c.isStuck()).isFalse();
    assertThat(store.countByFlow(ConversationQuery.everywhere().stuck().build())).isEmpty();
  }

  @Test
  void givenAStuckConversation_whenItMakesProgress_theRecordIsClearedAndALateReportIgnored() {
    Instant failedBeforeProgress = Instant.now();
    store.recordTaskFailure(WORKFLOW, "java.lang.IllegalStateException", failedBeforeProgress);
    store.recordTaskFailure(WORKFLOW, "java.lang.IllegalStateException", Instant.now());
    assertThat(store.find(WS, "c1").orElseThrow().isStuck()).isTrue();

    assertThat(
            store.apply(
                new ProgressUpdate(
                    "c1",
                    WS,
                    0,
                    ConversationStatus.WAITING,
                    "n1",
                    Map.of(),
                    List.of(new Step(0, StepKind.UNMATCHED_REPLY, "n1", null, null, "hi", 0L)),
                    "flow-1",
                    Instant.now().plusSeconds(3600).toEpochMilli())))
        .isTrue();

    ConversationDocument c = store.find(WS, "c1").orElseThrow();
    assertThat(c.stuck()).isNull();
    assertThat(c.waitDeadline()).isAfter(Instant.now());
    // a failure observed before that step, reported only now, changes nothing
    assertThat(
            store.recordTaskFailure(
                WORKFLOW, "java.lang.IllegalStateException", failedBeforeProgress))
        .isEmpty();
    assertThat(store.find(WS, "c1").orElseThrow().stuck()).isNull();
  }

  @Test
  void givenAnEndedConversation_aFailureIsNotRecordedOnIt() {
    store.closeIfOpen("c1", ConversationStatus.CANCELLED);

    assertThat(store.recordTaskFailure(WORKFLOW, "java.lang.IllegalStateException", Instant.now()))
        .isEmpty();
  }
}
