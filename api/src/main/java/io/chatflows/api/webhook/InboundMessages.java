package io.chatflows.api.webhook;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.api.config.ApiException;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Claims on inbound message ids, so that a message is handed over exactly once even when WhatsApp
 * delivers it twice at the same time: only the holder of the claim hands it over. Claims are keyed
 * by workspace, channel and message id ({@link InboundDocument#key}), so one workspace's message
 * ids never decide anything in another. Single-document atomic writes only (an insert on the unique
 * id, conditional updates).
 */
@Component
class InboundMessages implements IndexedStore {

  /** How long a duplicate waits for a concurrent hand-over of the same message to finish. */
  static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(2);

  private final MongoTemplate mongo;

  /** A claim older than this is abandoned (its holder died) and may be taken over. */
  private final Duration lease;

  InboundMessages(MongoTemplate mongo, BridgeProperties properties) {
    this.mongo = mongo;
    this.lease = properties.claimLease();
  }

  /** The conditional updates of {@link #complete} and {@link #claim}'s take-over. */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.exactMatch(InboundDocument.class, "_id", "claimId", "outcome"));
  }

  /**
   * The right to hand over one message; {@code key} is the claim's {@link InboundDocument#key}.
   * {@code retried}: an earlier hand-over of it failed or its holder died, so it may have reached
   * the conversation although nobody recorded that.
   */
  record Claim(String key, String claimId, boolean retried) {}

  /**
   * Claims the message for hand-over.
   *
   * @return the claim, or empty when the message was handed over already (a duplicate)
   * @throws ApiException 503 when another delivery is still handing it over; WhatsApp retries
   */
  Optional<Claim> claim(InboundDocument message) {
    Instant waitUntil = Instant.now().plus(WAIT_FOR_OTHER);
    while (true) {
      String claimId = UUID.randomUUID().toString();
      Instant now = Instant.now();
      try {
        mongo.insert(
            new InboundDocument(
                message.id(),
                message.messageId(),
                message.workspaceId(),
                message.channelId(),
                message.contactKey(),
                message.type(),
                null,
                claimId,
                now,
                null));
        return Optional.of(new Claim(message.id(), claimId, false));
      } catch (DuplicateKeyException held) {
        InboundDocument existing = mongo.findById(message.id(), InboundDocument.class);
        if (existing != null && existing.outcome() != null) {
          return Optional.empty();
        }
        if (existing != null
            && (existing.claimedAt() == null || existing.claimedAt().isBefore(now.minus(lease)))) {
          Query abandoned = pending(message.id(), existing.claimId());
          Update takeOver = new Update().set("claimId", claimId).set("claimedAt", now);
          if (mongo.updateFirst(abandoned, takeOver, InboundDocument.class).getModifiedCount()
              > 0) {
            return Optional.of(new Claim(message.id(), claimId, true));
          }
        }
        if (Instant.now().isAfter(waitUntil)) {
          throw new ApiException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "handover_in_progress",
              "this message is being handed over by another delivery; retry later");
        }
        pause();
      }
    }
  }

  /** Records the outcome: from now on the message is a duplicate. */
  void complete(Claim claim, String outcome) {
    mongo.updateFirst(
        pending(claim.key(), claim.claimId()),
        new Update().set("outcome", outcome).set("handedOverAt", Instant.now()),
        InboundDocument.class);
  }

  /**
   * Gives the claim up after a failed hand-over, so a redelivery takes it over at once. The message
   * stays recorded: its redelivery's claim is {@code retried}.
   */
  void release(Claim claim) {
    mongo.updateFirst(
        pending(claim.key(), claim.claimId()),
        new Update().unset("claimId").unset("claimedAt"),
        InboundDocument.class);
  }

  private static Query pending(String key, String claimId) {
    return query(where("_id").is(key).and("claimId").is(claimId).and("outcome").is(null));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "the hand-over was interrupted");
    }
  }
}
