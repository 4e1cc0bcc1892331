package io.chatflows.store.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.index.StoreIndexes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Sent messages are found only within their workspace and channel, and never overwritten. */
class MessageStoreTest {

  private MongoServer server;
  private MongoClient client;
  private MessageStore sut;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    MongoTemplate mongo = new MongoTemplate(client, "test");
    sut = new MessageStore(mongo);
    StoreIndexes.create(mongo, true, List.of(sut));
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenAMessage_whenLookedUpFromAnotherWorkspaceOrChannel_itIsNotFound() {
    sut.save(message("wamid.1", "ws-1", "111", "c1", 1, "welcome"));

    assertThat(sut.find("ws-1", "111", "wamid.1")).isPresent();
    assertThat(sut.find("ws-2", "111", "wamid.1")).isEmpty();
    assertThat(sut.find("ws-1", "222", "wamid.1")).isEmpty();
    assertThat(sut.findBySend("ws-1", "111", "c1", 1)).isPresent();
    assertThat(sut.findBySend("ws-2", "111", "c1", 1)).isEmpty();
    assertThat(sut.findBySend("ws-1", "222", "c1", 1)).isEmpty();
  }

  @Test
  void givenAStoredMessageId_whenAnotherWorkspacesSendUsesIt_itIsRefusedAndTheStoredOneStays() {
    sut.save(message("wamid.1", "ws-1", "111", "c1", 1, "welcome"));

    assertThatThrownBy(() -> sut.save(message("wamid.1", "ws-2", "222", "c9", 1, "spoof")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sut.find("ws-1", "111", "wamid.1").orElseThrow().templateName())
        .isEqualTo("welcome");
  }

  @Test
  void givenTheSameSendAgain_whenSaved_itReplacesTheStoredOne() {
    sut.save(message("wamid.1", "ws-1", "111", "c1", 1, "welcome"));
    sut.save(message("wamid.1", "ws-1", "111", "c1", 1, "welcome_v2"));

    assertThat(sut.find("ws-1", "111", "wamid.1").orElseThrow().templateName())
        .isEqualTo("welcome_v2");
  }

  private static MessageDocument message(
      String id, String workspace, String channel, String conversation, int seq, String template) {
    return new MessageDocument(
        id,
        workspace,
        channel,
        conversation,
        "conversation:" + workspace + ":" + channel + ":ck",
        "n1",
        seq,
        "ck",
        "15550001111",
        "template",
        "t1",
        template,
        "en_US",
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        true,
        Map.of(),
        Instant.now(),
        null);
  }
}
