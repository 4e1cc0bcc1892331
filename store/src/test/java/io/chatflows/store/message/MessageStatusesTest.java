package io.chatflows.store.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.index.StoreIndexes;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Delivery statuses of sent messages, against the embedded MongoDB-wire server: each status of a
 * message is recorded once, in whatever order and however often WhatsApp delivers it.
 */
class MessageStatusesTest {

  private static final Instant SENT = Instant.parse("2026-11-30T10:00:00Z");

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private MessageStore store;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    store = new MessageStore(mongo);
    StoreIndexes.create(mongo, true, List.of(store));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  private static MessageDocument sent(String id, String conversationId, int sendSeq) {
    return new MessageDocument(
        id,
        "ws-1",
        "ch-1",
        conversationId,
        "wf-1",
        "node-1",
        sendSeq,
        "ck-1",
        "16505551234",
        "template",
        "tpl-1",
        "welcome",
        "en_US",
        List.of(),
        List.of(),
        List.of("Yes"),
        List.of("cf:c:1:0"),
        null,
        false,
        null,
        SENT,
        null);
  }

  @Test
  void givenStatusesInAnyOrder_whenRecorded_eachIsRecordedOnceWithItsTime() {
    store.save(sent("wamid.1", "c-1", 1));

    assertThat(store.recordStatus("wamid.1", "read", SENT.plusSeconds(3))).isTrue();
    assertThat(store.recordStatus("wamid.1", "delivered", SENT.plusSeconds(2))).isTrue();
    assertThat(store.recordStatus("wamid.1", "sent", SENT.plusSeconds(1))).isTrue();

    assertThat(store.find("ws-1", "ch-1", "wamid.1").orElseThrow().statuses())
        .isEqualTo(
            Map.of(
                "sent", SENT.plusSeconds(1),
                "delivered", SENT.plusSeconds(2),
                "read", SENT.plusSeconds(3)));
  }

  @Test
  void givenAStatusRecordedBefore_whenRecordedAgain_itIsADuplicateAndKeepsTheFirstTime() {
    store.save(sent("wamid.1", "c-1", 1));
    store.recordStatus("wamid.1", "delivered", SENT.plusSeconds(2));

    assertThat(store.recordStatus("wamid.1", "delivered", SENT.plusSeconds(9))).isFalse();

    assertThat(store.find("ws-1", "ch-1", "wamid.1").orElseThrow().statuses())
        .containsExactly(Map.entry("delivered", SENT.plusSeconds(2)));
  }

  @Test
  void givenAStatusOfAnotherMessage_whenRecorded_itDoesNotTouchThisOne() {
    store.save(sent("wamid.1", "c-1", 1));
    store.save(sent("wamid.2", "c-1", 2));
    store.recordStatus("wamid.1", "delivered", SENT);

    assertThat(store.recordStatus("wamid.2", "delivered", SENT)).isTrue();
    assertThat(store.find("ws-1", "ch-1", "wamid.2").orElseThrow().statuses())
        .containsOnlyKeys("delivered");
  }

  @Test
  void givenAnUnknownMessage_whenAStatusArrives_nothingIsRecordedOrCreated() {
    assertThat(store.recordStatus("wamid.unknown", "delivered", SENT)).isFalse();

    assertThat(store.find("ws-1", "ch-1", "wamid.unknown")).isEmpty();
  }

  @Test
  void givenTheSameSendSavedAgain_whenLookedUp_itIsOneMessageFoundByItsSend() {
    store.save(sent("wamid.1", "c-1", 1));
    store.save(sent("wamid.1", "c-1", 1));
    store.save(sent("wamid.2", "c-1", 2));

    assertThat(store.findBySend("ws-1", "ch-1", "c-1", 1))
        .map(MessageDocument::id)
        .hasValue("wamid.1");
    assertThat(store.findBySend("ws-1", "ch-1", "c-1", 2))
        .map(MessageDocument::id)
        .hasValue("wamid.2");
    assertThat(store.findBySend("ws-1", "ch-1", "c-1", 3)).isEmpty();
    assertThat(store.findBySend("ws-1", "ch-1", "c-2", 1)).isEmpty();
  }
}
