package io.chatflows.store.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The projection's step history, against the embedded MongoDB-wire server (H2 backend). */
class ConversationStoreTest {

  private static final String WS = "ws-1";

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private ConversationStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    client = MongoClients.create("mongodb://" + hostAndPort(server));
    mongo = new MongoTemplate(client, "test");
    store = new ConversationStore(mongo);
    StoreIndexes.create(mongo, true, List.of(store));
  }

  private static String hostAndPort(MongoServer server) {
    var address = server.bind();
    return address.getHostString() + ":" + address.getPort();
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenTheSameUpdateTwice_whenApplied_itIsRecordedOnce() {
    store.insert(conversation("c1", 0, null));
    ProgressUpdate update = update("c1", 0, 3, ConversationStatus.WAITING);

    assertThat(store.apply(update)).isTrue();
    assertThat(store.apply(update)).isFalse();

    ConversationDocument c = store.withSteps(store.find(WS, "c1").orElseThrow());
    assertThat(c.stepCount()).isEqualTo(3);
    assertThat(c.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(c.steps()).extracting(Step::seq).containsExactly(0, 1, 2);
  }

  @Test
  void
      givenAnUpdateWhoseStepsWereStoredButNotCounted_whenRetriedWithMoreSteps_eachStepIsKeptOnce() {
    store.insert(conversation("c1", 0, null));
    store.apply(update("c1", 0, 2, ConversationStatus.WAITING));
    // The steps 2..3 were written, then the conversation update failed: the workflow retries
    // them later together with the steps that came since.
    mongo.insert(StepBatchDocument.of("c1", WS, steps(2, 2)));
    assertThat(store.withSteps(store.find(WS, "c1").orElseThrow()).steps()).hasSize(2);

    assertThat(store.apply(update("c1", 2, 4, ConversationStatus.COMPLETED))).isTrue();

    ConversationDocument c = store.withSteps(store.find(WS, "c1").orElseThrow());
    assertThat(c.stepCount()).isEqualTo(6);
    assertThat(c.steps()).extracting(Step::seq).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void givenManyConversationsAndAHistoryStoredInTheDocument_whenRead_eachGetsItsOwnSteps() {
    store.insert(conversation("legacy", 2, steps(0, 2)));
    store.insert(conversation("c1", 0, null));
    store.insert(conversation("c2", 0, null));
    store.apply(update("c1", 0, 1, ConversationStatus.WAITING));
    store.apply(update("c2", 0, 3, ConversationStatus.WAITING));
    store.apply(update("c2", 3, 2, ConversationStatus.WAITING));

    List<ConversationDocument> read =
        store.withSteps(
            List.of(
                store.find(WS, "legacy").orElseThrow(),
                store.find(WS, "c1").orElseThrow(),
                store.find(WS, "c2").orElseThrow()));

    assertThat(read).extracting(c -> c.steps().size()).containsExactly(2, 1, 5);
    assertThat(read.get(2).steps()).extracting(Step::seq).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void givenProgressWithAResumePoint_whenApplied_theProjectionHoldsWhatAResumeNeeds() {
    store.insert(conversation("c1", 0, null));
    long deadline = Instant.now().plusSeconds(600).toEpochMilli();

    store.apply(
        new ProgressUpdate(
            "c1",
            WS,
            0,
            ConversationStatus.WAITING,
            "n2",
            Map.of("order_id", "A-42"),
            steps(0, 2),
            "flow-1",
            deadline,
            new ResumePoint(3, "wamid.3", "Track Order")));
    ConversationDocument waiting = store.find(WS, "c1").orElseThrow();
    store.apply(update("c1", 2, 1, ConversationStatus.WAITING));
    ConversationDocument withoutPoint = store.find(WS, "c1").orElseThrow();

    assertThat(waiting.currentNodeId()).isEqualTo("n2");
    assertThat(waiting.variables()).containsEntry("order_id", "A-42");
    assertThat(waiting.waitDeadline()).isEqualTo(Instant.ofEpochMilli(deadline));
    assertThat(waiting.resumePoint()).isEqualTo(new ResumePoint(3, "wamid.3", "Track Order"));
    assertThat(withoutPoint.resumePoint())
        .as("an update from a version without resume points keeps the last one")
        .isEqualTo(waiting.resumePoint());
  }

  @Test
  void givenAWaitThatSentReprompts_whenApplied_theProjectionKeepsTheCountAndTheAwaitedSend() {
    store.insert(conversation("c1", 0, null));
    ResumePoint afterReprompts = new ResumePoint(5, "wamid.3", null, 3, 2);

    store.apply(
        new ProgressUpdate(
            "c1",
            WS,
            0,
            ConversationStatus.WAITING,
            "n2",
            Map.of(),
            steps(0, 2),
            "flow-1",
            Instant.now().plusSeconds(600).toEpochMilli(),
            afterReprompts));

    assertThat(store.find(WS, "c1").orElseThrow().resumePoint()).isEqualTo(afterReprompts);
  }

  @Test
  void givenAConversationOfAnotherWorkspace_whenFound_itIsNot() {
    store.insert(conversation("c1", 0, null));

    assertThat(store.find("ws-2", "c1")).isEmpty();
    assertThat(store.find(WS, "c1")).isPresent();
  }

  private static ConversationDocument conversation(String id, int stepCount, List<Step> steps) {
    return new ConversationDocument(
        id,
        WS,
        "flow-1",
        1,
        "100000000000001",
        "ck_1",
        "conversation:" + id,
        null,
        ConversationStatus.RUNNING,
        "n1",
        Map.of(),
        stepCount,
        steps,
        Instant.now(),
        Instant.now(),
        null);
  }

  private static ProgressUpdate update(
      String id, int firstSeq, int count, ConversationStatus status) {
    return new ProgressUpdate(id, WS, firstSeq, status, "n1", Map.of(), steps(firstSeq, count));
  }

  private static List<Step> steps(int firstSeq, int count) {
    return IntStream.range(firstSeq, firstSeq + count)
        .mapToObj(seq -> new Step(seq, StepKind.NODE_ENTERED, "n1", null, null, "template", 0L))
        .toList();
  }
}
