package io.chatflows.api.trigger;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Inbound triggers, always filtered by workspace. */
@Component
public class TriggerStore implements IndexedStore {

  private final MongoTemplate mongo;

  public TriggerStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** Every inbound message without a conversation reads the workspace's active triggers. */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.on(TriggerDocument.class, "workspaceId", "isActive"));
  }

  Optional<TriggerDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, TriggerDocument.class))
        .filter(t -> workspaceId.equals(t.workspaceId()));
  }

  List<TriggerDocument> active(String workspaceId) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId).and("isActive").is(true))
            .with(Sort.by("createdAt", "_id")),
        TriggerDocument.class);
  }

  List<TriggerDocument> page(String workspaceId, long offset, int limit) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId))
            .with(Sort.by("createdAt", "_id"))
            .skip(offset)
            .limit(limit),
        TriggerDocument.class);
  }

  long count(String workspaceId) {
    return mongo.count(query(where("workspaceId").is(workspaceId)), TriggerDocument.class);
  }

  TriggerDocument save(TriggerDocument trigger) {
    return mongo.save(trigger);
  }

  boolean delete(String workspaceId, String id) {
    return mongo
            .remove(
                query(where("_id").is(id).and("workspaceId").is(workspaceId)),
                TriggerDocument.class)
            .getDeletedCount()
        > 0;
  }
}
