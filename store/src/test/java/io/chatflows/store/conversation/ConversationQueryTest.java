package io.chatflows.store.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Conversation queries and the status as an enum in the document, against the embedded MongoDB-wire
 * server: the stored value is the status's wire name, as every earlier version wrote it, in
 * inserts, updates, queries and aggregations alike.
 */
class ConversationQueryTest {

  private static final String WS = "ws-1";
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private ConversationStore sut;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    sut = new ConversationStore(mongo);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenAConversationInEachStatus_whenStored_eachDocumentHoldsTheWireName() {
    insertOnePerStatus();

    assertThat(rawStatuses())
        .containsExactlyInAnyOrder(
            "running",
            "waiting",
            "completed",
            "timed_out",
            "failed",
            "cancelled",
            "handed_off",
            "interrupted",
            "window_closed",
            "with_agent");
  }

  @Test
  void givenADocumentWrittenWithAWireName_whenRead_itsStatusIsTheEnum() {
    Document raw = new Document("_id", "old").append("workspaceId", WS);
    raw.append("status", "handed_off").append("flowId", "f").append("flowVersion", 1);
    raw.append("stepCount", 0);
    mongo.getCollection("conversations").insertOne(raw);

    assertThat(sut.find(WS, "old").orElseThrow().status()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(
            sut.count(
                ConversationQuery.inWorkspace(WS).status(ConversationStatus.HANDED_OFF).build()))
        .isEqualTo(1);
  }

  @Test
  void givenConversationsInEveryStatus_whenQueriedByStatus_eachQueryFindsItsOwn() {
    insertOnePerStatus();

    for (ConversationStatus status : ConversationStatus.values()) {
      List<ConversationDocument> found =
          sut.list(ConversationQuery.inWorkspace(WS).status(status).build(), 0, 100);
      assertThat(found).extracting(ConversationDocument::status).containsExactly(status);
    }
    assertThat(sut.list(ConversationQuery.inWorkspace(WS).open().build(), 0, 100))
        .extracting(ConversationDocument::status)
        .containsExactlyInAnyOrder(
            ConversationStatus.RUNNING, ConversationStatus.WAITING, ConversationStatus.WITH_AGENT);
    assertThat(sut.countByFlow(ConversationQuery.everywhere().open().build()))
        .isEqualTo(Map.of("flow-running", 1L, "flow-waiting", 1L, "flow-with_agent", 1L));
    assertThat(sut.openCounts())
        .extracting(ConversationStore.OpenCounts::status)
        .containsExactlyInAnyOrder(
            ConversationStatus.RUNNING, ConversationStatus.WAITING, ConversationStatus.WITH_AGENT);
  }

  @Test
  void givenAnEndedStatusAndOpenOnly_whenQueried_nothingMatches() {
    insertOnePerStatus();

    assertThat(
            sut.count(
                ConversationQuery.inWorkspace(WS)
                    .status(ConversationStatus.COMPLETED)
                    .open()
                    .build()))
        .isZero();
    assertThat(
            sut.count(
                ConversationQuery.inWorkspace(WS)
                    .status(ConversationStatus.WAITING)
                    .open()
                    .build()))
        .isEqualTo(1);
  }

  @Test
  void givenOpenConversations_whenMarkedInterrupted_onlyTheOpenOnesChangeToTheWireName() {
    insertOnePerStatus();

    assertThat(sut.markOpenAs(ConversationStatus.INTERRUPTED)).isEqualTo(3);

    assertThat(rawStatuses()).filteredOn("interrupted"::equals).hasSize(4);
    assertThat(rawStatuses()).doesNotContain("running", "waiting", "with_agent");
  }

  @Test
  void givenConversationsOfTwoWorkspacesFlowsAndTimes_whenQueried_everyConditionHolds() {
    insert("a", WS, "f1", ConversationStatus.COMPLETED, T0);
    insert("b", WS, "f2", ConversationStatus.COMPLETED, T0.plusSeconds(60));
    insert("c", "ws-2", "f1", ConversationStatus.COMPLETED, T0);
    mongo.updateFirst(
        org.springframework.data.mongodb.core.query.Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id").is("a")),
        new Update().set("flowVersion", 2),
        ConversationDocument.class);

    assertThat(ids(ConversationQuery.inWorkspace(WS).build())).containsExactly("b", "a");
    assertThat(ids(ConversationQuery.inWorkspace(WS).flow("f1").build())).containsExactly("a");
    assertThat(ids(ConversationQuery.inWorkspace(WS).flow("f1").flowVersion(1).build())).isEmpty();
    assertThat(
            ids(ConversationQuery.inWorkspace(WS).startedBetween(T0.plusSeconds(1), null).build()))
        .containsExactly("b");
    assertThat(
            ids(ConversationQuery.inWorkspace(WS).startedBetween(null, T0.plusSeconds(60)).build()))
        .containsExactly("a");
    assertThat(ids(ConversationQuery.everywhere().flow("f1").build()))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(sut.exists(ConversationQuery.inWorkspace("ws-3").build())).isFalse();
  }

  @Test
  void givenConversationsAtDifferentNodes_whenQueriedByNode_onlyThoseAtItMatch() {
    insert("a", WS, "f1", ConversationStatus.WAITING, T0);
    insert("b", WS, "f1", ConversationStatus.WAITING, T0.plusSeconds(60));
    insert("c", WS, "f1", ConversationStatus.COMPLETED, T0.plusSeconds(120));
    insert("d", "ws-2", "f1", ConversationStatus.WAITING, T0);
    mongo.updateMulti(
        org.springframework.data.mongodb.core.query.Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id").in("b", "c", "d")),
        new Update().set("currentNodeId", "n2"),
        ConversationDocument.class);

    assertThat(ids(ConversationQuery.inWorkspace(WS).flow("f1").node("n2").build()))
        .containsExactly("c", "b");
    assertThat(
            ids(
                ConversationQuery.inWorkspace(WS)
                    .flow("f1")
                    .node("n2")
                    .status(ConversationStatus.WAITING)
                    .build()))
        .containsExactly("b");
    assertThat(sut.count(ConversationQuery.inWorkspace(WS).node("n1").build())).isEqualTo(1);
  }

  private List<String> ids(ConversationQuery query) {
    return sut.list(query, 0, 100).stream().map(ConversationDocument::id).toList();
  }

  private void insertOnePerStatus() {
    Arrays.stream(ConversationStatus.values())
        .forEach(s -> insert("c-" + s.wireName(), WS, "flow-" + s.wireName(), s, T0));
  }

  private void insert(
      String id, String workspaceId, String flowId, ConversationStatus status, Instant startedAt) {
    sut.insert(
        new ConversationDocument(
            id,
            workspaceId,
            flowId,
            1,
            "100000000000001",
            "ck_" + id,
            "conversation:" + id,
            "run-" + id,
            status,
            "n1",
            Map.of(),
            0,
            List.of(),
            startedAt,
            startedAt,
            null));
  }

  private List<String> rawStatuses() {
    List<String> statuses = new ArrayList<>();
    mongo.getCollection("conversations").find().forEach(d -> statuses.add(d.getString("status")));
    return statuses;
  }
}
