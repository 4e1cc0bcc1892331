package io.chatflows.store.contact;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Inbound touches of contacts, against the embedded MongoDB-wire server (H2 backend). */
class ContactStoreTest {

  private static final String WS = "ws-1";
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void givenAContactWritingAgainSoon_whenTouched_itIsWrittenOnceWithinTheInterval() {
    ContactStore contacts = new ContactStore(mongo, Duration.ofSeconds(30));

    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0);
    Instant firstUpdate = stored(contacts).updatedAt();
    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0.plusSeconds(20));
    contacts.touchInbound(WS, "k1", "15550001", null, T0.plusSeconds(25));

    assertThat(stored(contacts).lastInboundAt()).isEqualTo(T0);
    assertThat(stored(contacts).updatedAt()).isEqualTo(firstUpdate);
  }

  @Test
  void givenANewNameOrAMessageBeyondTheInterval_whenTouched_itIsWritten() {
    ContactStore contacts = new ContactStore(mongo, Duration.ofSeconds(30));
    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0);

    contacts.touchInbound(WS, "k1", "15550001", "Ana B.", T0.plusSeconds(5));
    assertThat(stored(contacts).name()).isEqualTo("Ana B.");
    assertThat(stored(contacts).lastInboundAt()).isEqualTo(T0.plusSeconds(5));

    contacts.touchInbound(WS, "k1", "15550001", "Ana B.", T0.plusSeconds(40));
    assertThat(stored(contacts).lastInboundAt()).isEqualTo(T0.plusSeconds(40));
  }

  @Test
  void givenAnEditThroughTheApi_whenTheContactWritesAgain_itIsWritten() {
    ContactStore contacts = new ContactStore(mongo, Duration.ofSeconds(30));
    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0);
    contacts.edit(WS, "k1", "Ana (VIP)", List.of(), List.of(), Map.of());

    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0.plusSeconds(1));

    assertThat(stored(contacts).name()).isEqualTo("Ana");
    assertThat(stored(contacts).lastInboundAt()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void givenNoInterval_whenTouched_everyMessageIsWritten() {
    ContactStore contacts = new ContactStore(mongo, Duration.ZERO);
    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0);
    contacts.touchInbound(WS, "k1", "15550001", "Ana", T0.plusSeconds(1));

    assertThat(stored(contacts).lastInboundAt()).isEqualTo(T0.plusSeconds(1));
  }

  private static ContactDocument stored(ContactStore contacts) {
    return contacts.find(WS, "k1").orElseThrow();
  }
}
