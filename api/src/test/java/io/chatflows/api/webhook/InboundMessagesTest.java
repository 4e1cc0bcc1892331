package io.chatflows.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.chatflows.api.config.ApiException;
import io.chatflows.store.index.StoreIndexes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

/**
 * The claim on an inbound message id, against the embedded MongoDB-wire server with a plain {@link
 * MongoTemplate}: only the holder of a claim hands a message over, a completed message is a
 * duplicate, a released claim lets the redelivery through, a concurrent delivery waits and then
 * answers 503, and a dead holder's claim is taken over after the lease.
 */
@Timeout(30)
class InboundMessagesTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final BridgeProperties PROPERTIES = new BridgeProperties(null, 0, LEASE);

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private InboundMessages inbound;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    inbound = inbound(true);
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  /** Claims with or without the embedded server's exact-match indexes. */
  private InboundMessages inbound(boolean exactMatchIndexes) {
    InboundMessages messages = new InboundMessages(mongo, PROPERTIES);
    StoreIndexes.create(mongo, exactMatchIndexes, List.of(messages));
    return messages;
  }

  private static InboundDocument message(String id) {
    return new InboundDocument(
        InboundDocument.key("ws-1", "ch-1", id),
        id,
        "ws-1",
        "ch-1",
        "ck-1",
        "button",
        null,
        null,
        null,
        null);
  }

  /** A claim as an api that died in the middle of a hand-over left it. */
  private void abandonedClaim(String id, Instant claimedAt) {
    mongo.insert(
        new InboundDocument(
            InboundDocument.key("ws-1", "ch-1", id),
            id,
            "ws-1",
            "ch-1",
            "ck-1",
            "button",
            null,
            "dead",
            claimedAt,
            null));
  }

  private InboundDocument stored(String id) {
    return mongo.findById(InboundDocument.key("ws-1", "ch-1", id), InboundDocument.class);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void givenAFirstDelivery_whenClaimedAndCompleted_theNextDeliveryIsADuplicate(boolean indexes) {
    InboundMessages messages = inbound(indexes);

    Optional<InboundMessages.Claim> claim = messages.claim(message("wamid.1"));
    assertThat(claim).isPresent();
    assertThat(claim.get().key()).isEqualTo(InboundDocument.key("ws-1", "ch-1", "wamid.1"));
    assertThat(claim.get().retried()).isFalse();
    messages.complete(claim.get(), "signalled");

    assertThat(messages.claim(message("wamid.1"))).isEmpty();
    InboundDocument done = stored("wamid.1");
    assertThat(done.outcome()).isEqualTo("signalled");
    assertThat(done.claimId()).isEqualTo(claim.get().claimId());
    assertThat(done.handedOverAt()).isNotNull();
    assertThat(done.workspaceId()).isEqualTo("ws-1");
    assertThat(done.contactKey()).isEqualTo("ck-1");
  }

  @Test
  void givenTwoMessages_whenClaimed_eachHasItsOwnClaim() {
    Optional<InboundMessages.Claim> first = inbound.claim(message("wamid.1"));
    Optional<InboundMessages.Claim> second = inbound.claim(message("wamid.2"));

    assertThat(first).isPresent();
    assertThat(second).isPresent();
    assertThat(first.get().claimId()).isNotEqualTo(second.get().claimId());
  }

  @Test
  void givenAFailedHandOver_whenTheClaimIsReleased_theRedeliveryIsClaimedAgainAsARetry() {
    InboundMessages.Claim first = inbound.claim(message("wamid.1")).orElseThrow();
    inbound.release(first);
    InboundDocument released = stored("wamid.1");
    assertThat(released.claimId()).isNull();
    assertThat(released.claimedAt()).isNull();
    assertThat(released.outcome()).isNull();

    Optional<InboundMessages.Claim> again = inbound.claim(message("wamid.1"));

    assertThat(again).isPresent();
    assertThat(again.get().claimId()).isNotEqualTo(first.claimId());
    assertThat(again.get().retried()).as("the first attempt may have reached Temporal").isTrue();
  }

  @Test
  void givenAClaimHeldByAnotherDelivery_whenClaimed_itWaitsThenAnswers503() {
    inbound.claim(message("wamid.1")).orElseThrow();
    Instant asked = Instant.now();

    assertThatThrownBy(() -> inbound.claim(message("wamid.1")))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.code()).isEqualTo("handover_in_progress");
            });
    assertThat(Duration.between(asked, Instant.now()))
        .isBetween(InboundMessages.WAIT_FOR_OTHER, InboundMessages.WAIT_FOR_OTHER.plusSeconds(3));
    assertThat(stored("wamid.1").outcome()).isNull();
  }

  @Test
  void givenAClaimHeldByAnotherDelivery_whenItCompletesDuringTheWait_itIsADuplicate()
      throws Exception {
    InboundMessages.Claim holder = inbound.claim(message("wamid.1")).orElseThrow();
    CompletableFuture<Optional<InboundMessages.Claim>> duplicate =
        CompletableFuture.supplyAsync(() -> inbound.claim(message("wamid.1")));
    Thread.sleep(300);
    assertThat(duplicate).isNotDone();

    inbound.complete(holder, "signalled");

    assertThat(duplicate.get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void givenAClaimHeldByAnotherDelivery_whenItIsReleasedDuringTheWait_theWaiterTakesIt()
      throws Exception {
    InboundMessages.Claim holder = inbound.claim(message("wamid.1")).orElseThrow();
    CompletableFuture<Optional<InboundMessages.Claim>> waiter =
        CompletableFuture.supplyAsync(() -> inbound.claim(message("wamid.1")));
    Thread.sleep(300);

    inbound.release(holder);

    Optional<InboundMessages.Claim> taken = waiter.get(5, TimeUnit.SECONDS);
    assertThat(taken).isPresent();
    assertThat(stored("wamid.1").claimId()).isEqualTo(taken.get().claimId());
  }

  @Test
  void givenADeadHoldersClaimOlderThanTheLease_whenClaimed_itIsTakenOver() {
    abandonedClaim("wamid.1", Instant.now().minus(LEASE).minusSeconds(1));

    Optional<InboundMessages.Claim> taken = inbound.claim(message("wamid.1"));

    assertThat(taken).isPresent();
    assertThat(taken.get().retried()).isTrue();
    InboundDocument claim = stored("wamid.1");
    assertThat(claim.claimId()).isEqualTo(taken.get().claimId()).isNotEqualTo("dead");
    assertThat(claim.claimedAt()).isAfter(Instant.now().minusSeconds(5));
    assertThat(claim.outcome()).isNull();
  }

  @Test
  void givenAClaimWithoutATime_whenClaimed_itIsTakenOver() {
    abandonedClaim("wamid.1", null);

    assertThat(inbound.claim(message("wamid.1"))).isPresent();
  }

  @Test
  void givenAClaimYoungerThanTheLease_whenClaimed_itIsNotTakenOver() {
    abandonedClaim("wamid.1", Instant.now().minus(LEASE).plusSeconds(20));

    assertThatThrownBy(() -> inbound.claim(message("wamid.1"))).isInstanceOf(ApiException.class);
    assertThat(stored("wamid.1").claimId()).isEqualTo("dead");
  }

  @Test
  void givenATakenOverClaim_whenTheDeadHolderCompletesOrReleasesLate_itChangesNothing() {
    abandonedClaim("wamid.1", Instant.now().minus(LEASE).minusSeconds(1));
    InboundMessages.Claim taken = inbound.claim(message("wamid.1")).orElseThrow();
    InboundMessages.Claim dead = new InboundMessages.Claim("wamid.1", "dead", false);

    inbound.complete(dead, "signalled");
    inbound.release(dead);

    InboundDocument claim = stored("wamid.1");
    assertThat(claim.claimId()).isEqualTo(taken.claimId());
    assertThat(claim.outcome()).isNull();
    inbound.complete(taken, "started");
    assertThat(stored("wamid.1").outcome()).isEqualTo("started");
    assertThat(inbound.claim(message("wamid.1"))).isEmpty();
  }

  @Test
  void givenACompletedMessage_whenItsOldClaimIsReleased_itStaysADuplicate() {
    InboundMessages.Claim claim = inbound.claim(message("wamid.1")).orElseThrow();
    inbound.complete(claim, "signalled");

    inbound.release(claim);
    inbound.complete(claim, "no_conversation");

    assertThat(stored("wamid.1").outcome()).isEqualTo("signalled");
    assertThat(inbound.claim(message("wamid.1"))).isEmpty();
  }

  @Test
  void givenManyDeliveriesOfOneMessageAtOnce_whenClaimed_exactlyOneHandsItOver() throws Exception {
    for (int round = 0; round < 10; round++) {
      String id = "wamid.race-" + round;
      List<Optional<InboundMessages.Claim>> claims =
          concurrently(
              6,
              () -> {
                Optional<InboundMessages.Claim> claim = inbound.claim(message(id));
                claim.ifPresent(c -> inbound.complete(c, "signalled"));
                return claim;
              });

      assertThat(claims).filteredOn(Optional::isPresent).as("round %d", round).hasSize(1);
    }
  }

  @Test
  void givenAnAbandonedClaim_whenManyDeliveriesTakeItOverAtOnce_exactlyOneGetsIt()
      throws Exception {
    for (int round = 0; round < 5; round++) {
      String id = "wamid.abandoned-" + round;
      abandonedClaim(id, Instant.now().minus(LEASE).minusSeconds(1));

      List<Optional<InboundMessages.Claim>> claims =
          concurrently(
              6,
              () -> {
                try {
                  return inbound.claim(message(id));
                } catch (ApiException stillHeld) {
                  return Optional.empty();
                }
              });

      assertThat(claims).filteredOn(Optional::isPresent).as("round %d", round).hasSize(1);
      String holder = claims.stream().flatMap(Optional::stream).findFirst().orElseThrow().claimId();
      assertThat(stored(id).claimId()).isEqualTo(holder);
    }
  }

  /** Runs {@code task} on {@code threads} threads released at the same moment. */
  private static <T> List<T> concurrently(int threads, java.util.function.Supplier<T> task)
      throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    List<CompletableFuture<T>> runs = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return task.get();
              },
              java.util.concurrent.Executors.newSingleThreadExecutor()));
    }
    List<T> out = new java.util.ArrayList<>();
    for (CompletableFuture<T> run : runs) {
      out.add(run.get(20, TimeUnit.SECONDS));
    }
    return out;
  }
}
