package io.chatflows.store.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Messages we sent, keyed by WhatsApp message id. Every lookup names the workspace and channel the
 * message must belong to: a message id or a button payload comes from a webhook or from the
 * sandbox's simulate endpoint, and must never find another workspace's (or another number's)
 * message. Documents are read by {@code _id} and checked in code (see the README on the embedded
 * MongoDB's indexes).
 */
@Component
public class MessageStore implements IndexedStore {

  private static final int BATCH = 500;

  private final MongoTemplate mongo;

  public MessageStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        // A send is stored once: the lookup before every send (findBySend) uses this index.
        StoreIndex.unique(MessageDocument.class, "conversationId", "sendSeq"),
        StoreIndex.on(MessageDocument.class, "workspaceId", "sandbox", "to"));
  }

  /**
   * Records a sent message; saving the same send again (an activity retry) replaces it. A message
   * id already stored for another workspace, channel or send is never overwritten.
   *
   * @throws IllegalStateException when the id belongs to another message
   */
  public void save(MessageDocument message) {
    try {
      mongo.insert(message);
    } catch (DuplicateKeyException stored) {
      MessageDocument existing = mongo.findById(message.id(), MessageDocument.class);
      if (existing != null && !sameSend(existing, message)) {
        throw new IllegalStateException(
            "message id " + message.id() + " is already stored for another message");
      }
      mongo.save(message);
    }
  }

  private static boolean sameSend(MessageDocument a, MessageDocument b) {
    return Objects.equals(a.workspaceId(), b.workspaceId())
        && Objects.equals(a.channelId(), b.channelId())
        && Objects.equals(a.conversationId(), b.conversationId())
        && a.sendSeq() == b.sendSeq();
  }

  /** Our message with this id, if it was sent from this workspace's channel. */
  public Optional<MessageDocument> find(String workspaceId, String channelId, String messageId) {
    return Optional.ofNullable(mongo.findById(messageId, MessageDocument.class))
        .filter(m -> ownedBy(m, workspaceId, channelId));
  }

  /** The message of send number {@code sendSeq} of a conversation of this workspace's channel. */
  public Optional<MessageDocument> findBySend(
      String workspaceId, String channelId, String conversationId, int sendSeq) {
    return Optional.ofNullable(
            mongo.findOne(
                query(where("conversationId").is(conversationId).and("sendSeq").is(sendSeq)),
                MessageDocument.class))
        .filter(m -> ownedBy(m, workspaceId, channelId));
  }

  private static boolean ownedBy(MessageDocument m, String workspaceId, String channelId) {
    return workspaceId.equals(m.workspaceId()) && channelId.equals(m.channelId());
  }

  /** Records a delivery status the first time it is seen; statuses may arrive in any order. */
  public boolean recordStatus(String messageId, String status, Instant at) {
    return mongo
            .updateFirst(
                query(where("_id").is(messageId).and("statuses." + status).exists(false)),
                new Update().set("statuses." + status, at),
                MessageDocument.class)
            .getModifiedCount()
        > 0;
  }

  /** A workspace's sandbox messages, oldest first, optionally for one recipient. */
  public List<MessageDocument> outbox(String workspaceId, String to, long offset, int limit) {
    return mongo.find(
        query(outboxFilter(workspaceId, to))
            .with(Sort.by("sentAt", "_id"))
            .skip(offset)
            .limit(limit),
        MessageDocument.class);
  }

  public long countOutbox(String workspaceId, String to) {
    return mongo.count(query(outboxFilter(workspaceId, to)), MessageDocument.class);
  }

  /**
   * The workspace's messages of these conversations, with the fields analytics counts (node, kind,
   * template, statuses, send number, sandbox), read {@value #BATCH} conversations at a time.
   */
  public List<MessageDocument> sentIn(String workspaceId, List<String> conversationIds) {
    List<MessageDocument> found = new ArrayList<>();
    for (int i = 0; i < conversationIds.size(); i += BATCH) {
      List<String> batch = conversationIds.subList(i, Math.min(i + BATCH, conversationIds.size()));
      Query query = query(where("conversationId").in(batch).and("workspaceId").is(workspaceId));
      query.fields().include("nodeId", "kind", "templateName", "statuses", "sendSeq", "sandbox");
      found.addAll(mongo.find(query, MessageDocument.class));
    }
    return found;
  }

  private static Criteria outboxFilter(String workspaceId, String to) {
    Criteria criteria = where("workspaceId").is(workspaceId).and("sandbox").is(true);
    return to == null ? criteria : criteria.and("to").is(to);
  }
}
