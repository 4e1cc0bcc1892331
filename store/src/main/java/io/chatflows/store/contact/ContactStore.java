package io.chatflows.store.contact;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.workflows.conversation.ContactUpdate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Contacts, written with single-document atomic updates only. */
@Component
public class ContactStore {

  private final MongoTemplate mongo;

  public ContactStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  public Optional<ContactDocument> find(String workspaceId, String key) {
    return Optional.ofNullable(
        mongo.findOne(
            query(
                where("_id")
                    .is(ContactDocument.idOf(workspaceId, key))
                    .and("workspaceId")
                    .is(workspaceId)),
            ContactDocument.class));
  }

  /**
   * Creates the contact on first contact, refreshes its name, and (when {@code inbound}) records
   * the time the contact last wrote to us.
   */
  public ContactDocument touch(
      String workspaceId, String key, String waId, String name, Instant inboundAt) {
    Instant now = Instant.now();
    Update update =
        new Update()
            .setOnInsert("workspaceId", workspaceId)
            .setOnInsert("key", key)
            .setOnInsert("waId", waId)
            .setOnInsert("createdAt", now)
            .setOnInsert("tags", java.util.List.of())
            .setOnInsert("attributes", Map.of())
            .set("updatedAt", now);
    if (name != null && !name.isBlank()) {
      update.set("name", name);
    }
    if (inboundAt != null) {
      update.max("lastInboundAt", inboundAt);
    }
    return mongo.findAndModify(
        query(where("_id").is(ContactDocument.idOf(workspaceId, key))),
        update,
        FindAndModifyOptions.options().upsert(true).returnNew(true),
        ContactDocument.class);
  }

  /** Applies an action's changes; idempotent, so activity retries are harmless. */
  public void apply(ContactUpdate change) {
    touch(
        change.workspaceId(),
        change.contact().key(),
        change.contact().waId(),
        change.contact().name(),
        null);
    Update update = new Update().set("updatedAt", Instant.now());
    if (change.addTags() != null && !change.addTags().isEmpty()) {
      update.addToSet("tags").each(change.addTags().toArray());
    }
    if (change.setAttributes() != null) {
      change.setAttributes().forEach((k, v) -> update.set("attributes." + k, v));
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
