package io.chatflows.store.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Messages we sent, keyed by WhatsApp message id. */
@Component
public class MessageStore {

  private final MongoTemplate mongo;

  public MessageStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Records a sent message; saving the same id again (an activity retry) replaces it. */
  public void save(MessageDocument message) {
    mongo.save(message);
  }

  public Optional<MessageDocument> find(String messageId) {
    return Optional.ofNullable(mongo.findById(messageId, MessageDocument.class));
  }

  /** The message of send number {@code sendSeq} of a conversation. */
  public Optional<MessageDocument> findBySend(String conversationId, int sendSeq) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("conversationId").is(conversationId).and("sendSeq").is(sendSeq)),
            MessageDocument.class));
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

  private static Criteria outboxFilter(String workspaceId, String to) {
    Criteria criteria = where("workspaceId").is(workspaceId).and("sandbox").is(true);
    return to == null ? criteria : criteria.and("to").is(to);
  }
}
