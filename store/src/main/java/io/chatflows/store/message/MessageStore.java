package io.chatflows.store.message;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.mongodb.client.model.Updates;
import io.chatflows.store.analytics.Contributions;
import io.chatflows.store.analytics.CountedWrites;
import io.chatflows.store.analytics.CounterKey;
import io.chatflows.store.analytics.FlowCounters;
import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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
  private final CountedWrites counted;

  @Autowired
  public MessageStore(MongoTemplate mongo, CountedWrites counted) {
    this.mongo = mongo;
    this.counted = counted;
  }

  /** A store counting into its own counters (tests and tools outside a Spring context). */
  public MessageStore(MongoTemplate mongo) {
    this(mongo, new CountedWrites(mongo, new FlowCounters(mongo)));
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        // A send is stored once: the lookup before every send (findBySend) uses this index.
        StoreIndex.unique(MessageDocument.class, "conversationId", "sendSeq"),
        StoreIndex.on(MessageDocument.class, "workspaceId", "sandbox", "to"),
        // CountedWrites: a delivery status is counted by a change conditional on the count
        // sequence it was planned from.
        StoreIndex.exactMatch(MessageDocument.class, "_id", "countSeq"));
  }

  /**
   * Records a sent message; saving the same send again (an activity retry) replaces what it says
   * (the delivery statuses seen meanwhile stay). A message id already stored for another workspace,
   * channel or send is never overwritten.
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
      Document replaced = new Document();
      mongo.getConverter().write(message, replaced);
      replaced.remove("_id");
      replaced.remove("statuses");
      mongo
          .getCollection(mongo.getCollectionName(MessageDocument.class))
          .updateOne(new Document("_id", message.id()), new Document("$set", replaced));
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

  /**
   * Records a delivery status the first time it is seen; statuses may arrive in any order. The
   * analytics counts of the message's node move with it, once per status.
   */
  public boolean recordStatus(String messageId, String status, Instant at) {
    return counted
        .change(
            MessageDocument.class,
            messageId,
            source -> {
              MessageDocument m = source.document();
              Map<String, Instant> before =
                  m == null || m.statuses() == null ? Map.of() : m.statuses();
              if (m == null || before.containsKey(status)) {
                return Optional.empty();
              }
              Set<String> after = new HashSet<>(before.keySet());
              after.add(status);
              FlowCounts delta = new FlowCounts();
              Contributions.message(delta, m.nodeId(), m.kind(), m.templateName(), after, 1);
              if (source.isCounted()) {
                Contributions.message(delta, m.nodeId(), m.kind(), null, before.keySet(), -1);
              }
              Bson update = Updates.set("statuses." + status, Date.from(at));
              Optional<CounterKey> key = counterKey(m);
              return Optional.of(
                  key.map(k -> new CountedWrites.Plan(k, delta, update))
                      .orElseGet(() -> CountedWrites.Plan.uncounted(update)));
            })
        .isPresent();
  }

  /** The counter document of the conversation that sent the message; none for a message of none. */
  private Optional<CounterKey> counterKey(MessageDocument m) {
    return Optional.ofNullable(
            m.conversationId() == null
                ? null
                : mongo.findById(m.conversationId(), ConversationDocument.class))
        .map(ConversationStore::key);
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

  /** The messages a conversation of the workspace sent, in send order. */
  public List<MessageDocument> ofConversation(String workspaceId, String conversationId) {
    return mongo.find(
        query(where("conversationId").is(conversationId).and("workspaceId").is(workspaceId))
            .with(Sort.by("sendSeq")),
        MessageDocument.class);
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
