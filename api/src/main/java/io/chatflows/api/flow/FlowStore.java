package io.chatflows.api.flow;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.api.security.Actor;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Flows and their version snapshots, always filtered by workspace. */
@Component
public class FlowStore implements IndexedStore {

  private final MongoTemplate mongo;

  public FlowStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /**
   * The flows by workspace, and by node and edge resource ids, so {@code /nodes/{id}/} and {@code
   * /edges/{id}/} find their flow with one indexed query.
   */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(
        StoreIndex.on(FlowDocument.class, "workspaceId"),
        StoreIndex.on(FlowDocument.class, "nodeKeys"),
        StoreIndex.on(FlowDocument.class, "edgeKeys"),
        StoreIndex.on(FlowVersionDocument.class, "flowId", "version"));
  }

  public Optional<FlowDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, FlowDocument.class))
        .filter(f -> workspaceId.equals(f.workspaceId()));
  }

  /**
   * The flow's document revision (moved by every save), reading nothing else: enough to know
   * whether something derived from the flow is still current. A flow saved without a revision reads
   * as -1.
   */
  public Optional<Long> revision(String workspaceId, String id) {
    Query query = query(where("_id").is(id));
    query.fields().include("workspaceId").include("revision");
    Document head =
        mongo.findOne(query, Document.class, mongo.getCollectionName(FlowDocument.class));
    if (head == null || !workspaceId.equals(head.getString("workspaceId"))) {
      return Optional.empty();
    }
    Number revision = head.get("revision", Number.class);
    return Optional.of(revision == null ? -1L : revision.longValue());
  }

  /** The flow holding the node with resource id {@code nodeKey}. */
  public Optional<FlowDocument> findByNodeKey(String workspaceId, String nodeKey) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("workspaceId").is(workspaceId).and("nodeKeys").is(nodeKey)),
            FlowDocument.class));
  }

  /** The flow holding the edge with resource id {@code edgeKey}. */
  public Optional<FlowDocument> findByEdgeKey(String workspaceId, String edgeKey) {
    return Optional.ofNullable(
        mongo.findOne(
            query(where("workspaceId").is(workspaceId).and("edgeKeys").is(edgeKey)),
            FlowDocument.class));
  }

  /**
   * The workspace's flows, oldest first, without their graphs: their node and edge keys are enough
   * to page through all nodes or edges without reading every graph.
   */
  public List<FlowDocument> keysOfAll(String workspaceId) {
    Query query = query(where("workspaceId").is(workspaceId)).with(Sort.by("createdAt", "_id"));
    query.fields().exclude("flowData");
    return mongo.find(query, FlowDocument.class);
  }

  /** Active flows whose start template is {@code templateId}. */
  public List<FlowDocument> activeByStartTemplate(String workspaceId, String templateId) {
    return mongo.find(
        query(
            where("workspaceId")
                .is(workspaceId)
                .and("isActive")
                .is(true)
                .and("startTemplate")
                .is(templateId)),
        FlowDocument.class);
  }

  /** A page of the matching flows, without their graphs. */
  public List<FlowDocument> list(FlowQuery which, long offset, int limit) {
    Sort.Direction direction =
        which.order() == FlowQuery.Order.EARLIEST_UPDATE_FIRST
            ? Sort.Direction.ASC
            : Sort.Direction.DESC;
    return withoutGraphs(
        query(criteria(which))
            .with(Sort.by(direction, "updatedAt").and(Sort.by("_id")))
            .skip(offset)
            .limit(limit));
  }

  public long count(FlowQuery which) {
    return mongo.count(query(criteria(which)), FlowDocument.class);
  }

  /** Every flow of the workspace, oldest first, without its graph. */
  public List<FlowDocument> summaries(String workspaceId) {
    return withoutGraphs(
        query(where("workspaceId").is(workspaceId)).with(Sort.by("createdAt", "_id")));
  }

  private List<FlowDocument> withoutGraphs(Query query) {
    query.fields().exclude("flowData").exclude("nodeKeys").exclude("edgeKeys");
    return mongo.find(query, FlowDocument.class);
  }

  private static Criteria criteria(FlowQuery which) {
    Criteria criteria = where("workspaceId").is(which.workspaceId());
    if (which.active() != null) {
      criteria = criteria.and("isActive").is(which.active());
    }
    if (which.nameContains() != null) {
      criteria = criteria.and("name").regex(Pattern.quote(which.nameContains()), "i");
    }
    return criteria;
  }

  /**
   * Saves with optimistic locking: a write based on a stale read fails with {@code
   * OptimisticLockingFailureException}.
   */
  public FlowDocument save(FlowDocument flow) {
    return mongo.save(flow);
  }

  public boolean delete(String workspaceId, String id) {
    return mongo
            .remove(
                query(where("_id").is(id).and("workspaceId").is(workspaceId)), FlowDocument.class)
            .getDeletedCount()
        > 0;
  }

  /**
   * Writes a version snapshot, after the flow document that introduced the version was saved: a
   * version number is then written by exactly one writer, the one whose save succeeded.
   */
  public void saveVersion(FlowVersionDocument version) {
    mongo.save(version);
  }

  /** Records that a version stored earlier was published now, by {@code by}. */
  public void markPublished(String workspaceId, String flowId, int version, Actor by) {
    mongo.updateFirst(
        query(
            where("_id")
                .is(FlowVersionDocument.idOf(flowId, version))
                .and("workspaceId")
                .is(workspaceId)),
        new Update().set("publishedAt", Instant.now()).set("publishedBy", by),
        FlowVersionDocument.class);
  }

  /**
   * A version snapshot. The snapshot of the current version is written right after the flow; if
   * that write never happened (the process stopped in between), the flow itself is that version.
   */
  public Optional<FlowVersionDocument> version(String workspaceId, String flowId, int version) {
    FlowVersionDocument stored =
        mongo.findOne(
            query(
                where("_id")
                    .is(FlowVersionDocument.idOf(flowId, version))
                    .and("workspaceId")
                    .is(workspaceId)),
            FlowVersionDocument.class);
    if (stored != null) {
      return Optional.of(stored);
    }
    return find(workspaceId, flowId)
        .filter(flow -> flow.version() == version)
        .map(FlowVersionDocument::of);
  }

  public List<FlowVersionDocument> versions(
      String workspaceId, String flowId, int upTo, long offset, int limit) {
    Query query =
        query(
                where("workspaceId")
                    .is(workspaceId)
                    .and("flowId")
                    .is(flowId)
                    .and("version")
                    .lte(upTo))
            .with(Sort.by(Sort.Direction.DESC, "version"))
            .skip(offset)
            .limit(limit);
    query.fields().exclude("flowData");
    return mongo.find(query, FlowVersionDocument.class);
  }

  public long countVersions(String workspaceId, String flowId, int upTo) {
    return mongo.count(
        query(
            where("workspaceId").is(workspaceId).and("flowId").is(flowId).and("version").lte(upTo)),
        FlowVersionDocument.class);
  }
}
