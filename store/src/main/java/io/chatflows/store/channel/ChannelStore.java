package io.chatflows.store.channel;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Channels by workspace, and by {@code phone_number_id} for routing webhooks. */
@Component
public class ChannelStore {

  private final MongoTemplate mongo;

  public ChannelStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The channel a webhook's {@code metadata.phone_number_id} names, in whatever workspace. */
  public Optional<ChannelDocument> byPhoneNumberId(String phoneNumberId) {
    return Optional.ofNullable(
        mongo.findOne(query(where("phoneNumberId").is(phoneNumberId)), ChannelDocument.class));
  }

  /** Whether any channel has this webhook verify token. */
  public boolean anyWithVerifyToken(String verifyToken) {
    return mongo.exists(query(where("verifyToken").is(verifyToken)), ChannelDocument.class);
  }

  public Optional<ChannelDocument> find(String workspaceId, String phoneNumberId) {
    return byPhoneNumberId(phoneNumberId).filter(c -> c.workspaceId().equals(workspaceId));
  }

  public Optional<ChannelDocument> findById(String workspaceId, String id) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("_id").is(id).and("workspaceId").is(workspaceId)), ChannelDocument.class));
  }

  /** The workspace's default channel, else its oldest. */
  public Optional<ChannelDocument> defaultChannel(String workspaceId) {
    return list(workspaceId).stream()
        .sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
        .findFirst();
  }

  public List<ChannelDocument> list(String workspaceId) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId)).with(Sort.by("createdAt")),
        ChannelDocument.class);
  }

  /**
   * Inserts or replaces; a {@code phone_number_id} used by another channel raises a duplicate key.
   */
  public ChannelDocument save(ChannelDocument channel) {
    return mongo.save(channel);
  }

  /** Makes {@code id} the workspace's only default channel (two single-document updates). */
  public void makeDefault(String workspaceId, String id) {
    mongo.updateFirst(
        query(where("_id").is(id).and("workspaceId").is(workspaceId)),
        new Update().set("isDefault", true),
        ChannelDocument.class);
    mongo.updateMulti(
        query(where("workspaceId").is(workspaceId).and("_id").ne(id).and("isDefault").is(true)),
        new Update().set("isDefault", false),
        ChannelDocument.class);
  }

  public boolean delete(String workspaceId, String id) {
    return mongo
            .remove(
                query(where("_id").is(id).and("workspaceId").is(workspaceId)),
                ChannelDocument.class)
            .getDeletedCount()
        > 0;
  }
}
