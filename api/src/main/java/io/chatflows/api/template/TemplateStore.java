package io.chatflows.api.template;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.TemplateSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Templates, always filtered by workspace. */
@Component
public class TemplateStore {

  private final MongoTemplate mongo;

  /** The workspaces' templates for validating and compiling flows, read on every flow GET. */
  private final LookupCache<String, FlowCompiler.TemplateCatalog> catalogs;

  public TemplateStore(
      MongoTemplate mongo, @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.catalogs = new LookupCache<>(cacheTtl);
  }

  public Optional<TemplateDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, TemplateDocument.class))
        .filter(t -> workspaceId.equals(t.workspaceId()));
  }

  public List<TemplateDocument> all(String workspaceId) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId)).with(Sort.by("name")), TemplateDocument.class);
  }

  public List<TemplateDocument> page(String workspaceId, long offset, int limit) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId))
            .with(Sort.by("name", "_id"))
            .skip(offset)
            .limit(limit),
        TemplateDocument.class);
  }

  public long count(String workspaceId) {
    return mongo.count(query(where("workspaceId").is(workspaceId)), TemplateDocument.class);
  }

  public TemplateDocument save(TemplateDocument template) {
    return catalogs.clearAfter(() -> mongo.save(template));
  }

  public boolean delete(String workspaceId, String id) {
    return catalogs.clearAfter(
        () ->
            mongo
                    .remove(
                        query(where("_id").is(id).and("workspaceId").is(workspaceId)),
                        TemplateDocument.class)
                    .getDeletedCount()
                > 0);
  }

  /**
   * The workspace's templates as a catalog for compiling and validating flows. The same catalog
   * object is returned while the cached one lives, so callers may use its identity to know that the
   * templates did not change.
   */
  public FlowCompiler.TemplateCatalog catalog(String workspaceId) {
    return catalogs.get(workspaceId, id -> Optional.of(catalogOf(all(id)))).orElseThrow();
  }

  private static FlowCompiler.TemplateCatalog catalogOf(List<TemplateDocument> templates) {
    Map<String, TemplateSpec> byId = new HashMap<>();
    Map<String, TemplateSpec> byName = new HashMap<>();
    for (TemplateDocument t : templates) {
      byId.putIfAbsent(t.id(), t.spec());
      byName.putIfAbsent(t.name(), t.spec());
    }
    return FlowCompiler.catalogOf(byId::get, byName::get);
  }
}
