package io.chatflows.store.contact;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.graph.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Contacts, written with single-document atomic updates only. */
@Component
public class ContactStore implements IndexedStore {

  private final MongoTemplate mongo;

  public ContactStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        StoreIndex.of(
            ContactDocument.class,
            new Index("workspaceId", Sort.Direction.ASC).on("updatedAt", Sort.Direction.DESC)));
  }

  /** A page of the matching contacts, most recently changed first. */
  public List<ContactDocument> list(ContactQuery which, long offset, int limit) {
    return mongo.find(
        query(criteria(which))
            .with(Sort.by(Sort.Direction.DESC, "updatedAt").and(Sort.by("_id")))
            .skip(offset)
            .limit(limit),
        ContactDocument.class);
  }

  public long count(ContactQuery which) {
    return mongo.count(query(criteria(which)), ContactDocument.class);
  }

  private static Criteria criteria(ContactQuery which) {
    Criteria criteria = where("workspaceId").is(which.workspaceId());
    if (which.key() != null) {
      criteria = criteria.and("key").is(which.key());
    }
    if (which.tag() != null) {
      criteria = criteria.and("tags").is(which.tag());
    }
    return criteria;
  }

  public Optional<ContactDocument> find(String workspaceId, String key) {
    return Optional.ofNullable(
            mongo.findById(ContactDocument.idOf(workspaceId, key), ContactDocument.class))
        .filter(c -> workspaceId.equals(c.workspaceId()));
  }

  /**
   * Creates the contact on first contact, refreshes its name, and (when {@code inboundAt} is given)
   * records the time the contact last wrote to us on the business number {@code channelId}; answers
   * the contact as it is now.
   */
  public ContactDocument touch(
      String workspaceId,
      String key,
      String waId,
      String name,
      String channelId,
      Instant inboundAt) {
    return mongo.findAndModify(
        query(where("_id").is(ContactDocument.idOf(workspaceId, key))),
        touchUpdate(workspaceId, key, waId, name, channelId, inboundAt),
        FindAndModifyOptions.options().upsert(true).returnNew(true),
        ContactDocument.class);
  }

  /**
   * {@link #touch} without reading the contact back: for an inbound message, whose hand-over needs
   * nothing of it.
   */
  public void recordInbound(
      String workspaceId,
      String key,
      String waId,
      String name,
      String channelId,
      Instant inboundAt) {
    mongo.upsert(
        query(where("_id").is(ContactDocument.idOf(workspaceId, key))),
        touchUpdate(workspaceId, key, waId, name, channelId, inboundAt),
        ContactDocument.class);
  }

  private static Update touchUpdate(
      String workspaceId,
      String key,
      String waId,
      String name,
      String channelId,
      Instant inboundAt) {
    Instant now = Instant.now();
    Update update =
        new Update()
            .setOnInsert("workspaceId", workspaceId)
            .setOnInsert("key", key)
            .setOnInsert("waId", waId)
            .setOnInsert("createdAt", now)
            .setOnInsert("tags", List.of())
            .setOnInsert("attributes", Map.of())
            .set("updatedAt", now);
    if (name != null && !name.isBlank()) {
      update.set("name", name);
    }
    if (inboundAt != null) {
      update.max("lastInboundAt", inboundAt);
      if (channelId != null && Limits.KEY_NAME.matcher(channelId).matches()) {
        update.max("lastInboundByChannel." + channelId, inboundAt);
      }
    }
    return update;
  }

  /** Applies an edit made through the API; a {@code null} attribute value removes it. */
  public void edit(
      String workspaceId,
      String key,
      String name,
      List<String> addTags,
      List<String> removeTags,
      Map<String, String> attributes) {
    String id = ContactDocument.idOf(workspaceId, key);
    Update update = new Update().set("updatedAt", Instant.now());
    if (name != null) {
      update.set("name", name);
    }
    if (addTags != null && !addTags.isEmpty()) {
      update.addToSet("tags").each(addTags.toArray());
    }
    if (attributes != null) {
      attributes.forEach(
          (k, v) -> {
            if (v == null) {
              update.unset("attributes." + k);
            } else {
              update.set("attributes." + k, v);
            }
          });
    }
    mongo.updateFirst(
        query(where("_id").is(id).and("workspaceId").is(workspaceId)),
        update,
        ContactDocument.class);
    if (removeTags != null && !removeTags.isEmpty()) {
      mongo.updateFirst(
          query(where("_id").is(id).and("workspaceId").is(workspaceId)),
          new Update().pullAll("tags", removeTags.toArray()),
          ContactDocument.class);
    }
  }

  /** Applies an action's changes; idempotent, so activity retries are harmless. */
  public void apply(ContactUpdate change) {
    touch(
        change.workspaceId(),
        change.contact().key(),
        change.contact().waId(),
        change.contact().name(),
        null,
        null);
    Update update = new Update().set("updatedAt", Instant.now());
    if (change.addTags() != null && !change.addTags().isEmpty()) {
      update.addToSet("tags").each(change.addTags().toArray());
    }
    if (change.setAttributes() != null) {
      change.setAttributes().entrySet().stream()
          .filter(e -> ContactDocument.ATTRIBUTE_NAME.matcher(e.getKey()).matches())
          .forEach(e -> update.set("attributes." + e.getKey(), e.getValue()));
    }
    if (change.assignTeam() != null) {
      update.set("assignedTeam", change.assignTeam());
    }
    if (change.assignAgent() != null) {
      update.set("assignedAgent", change.assignAgent());
    }
    String id = ContactDocument.idOf(change.workspaceId(), change.contact().key());
    mongo.updateFirst(query(where("_id").is(id)), update, ContactDocument.class);
    if (change.removeTags() != null && !change.removeTags().isEmpty()) {
      mongo.updateFirst(
          query(where("_id").is(id)),
          new Update().pullAll("tags", change.removeTags().toArray()),
          ContactDocument.class);
    }
  }
}
