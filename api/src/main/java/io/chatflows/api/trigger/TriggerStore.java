package io.chatflows.api.trigger;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Inbound triggers, always filtered by workspace. Every inbound message reads its workspace's
 * active triggers, through a {@link LookupCache}: a trigger saved or deleted through this process
 * applies at once, one changed through another process within {@code chatflow.lookup-cache-ttl}.
 */
@Component
public class TriggerStore implements IndexedStore {

  private final MongoTemplate mongo;
  private final LookupCache<String, List<TriggerDocument>> active;

  public TriggerStore(
      MongoTemplate mongo, @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.active = new LookupCache<>(cacheTtl);
  }

  /** A workspace's active triggers, read when its cached list is missing or expired. */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.on(TriggerDocument.class, "workspaceId", "isActive"));
  }

  Optional<TriggerDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, TriggerDocument.class))
        .filter(t -> workspaceId.equals(t.workspaceId()));
  }

  List<TriggerDocument> active(String workspaceId) {
    return active
        .get(
            workspaceId,
            id ->
                Optional.of(
                    List.copyOf(
                        mongo.find(
                            query(where("workspaceId").is(id).and("isActive").is(true))
                                .with(Sort.by("createdAt", "_id")),
                            TriggerDocument.class))))
        .orElseThrow();
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
    return active.clearAfter(() -> mongo.save(trigger));
  }

  boolean delete(String workspaceId, String id) {
    return active.clearAfter(
        () ->
            mongo
                    .remove(
                        query(where("_id").is(id).and("workspaceId").is(workspaceId)),
                        TriggerDocument.class)
                    .getDeletedCount()
                > 0);
  }
}
