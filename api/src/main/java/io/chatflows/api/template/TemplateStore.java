package io.chatflows.api.template;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import io.chatflows.store.template.SendableTemplates;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.TemplateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Templates, always filtered by workspace. A name and language is one template per workspace (a
 * unique index): WhatsApp knows a template by them.
 */
@Component
public class TemplateStore implements IndexedStore {

  private static final Logger log = LoggerFactory.getLogger(TemplateStore.class);

  private final MongoTemplate mongo;
  private final SendableTemplates sendable;

  /** The workspaces' templates for validating and compiling flows, read on every flow GET. */
  private final LookupCache<String, FlowCompiler.TemplateCatalog> catalogs;

  public TemplateStore(
      MongoTemplate mongo,
      SendableTemplates sendable,
      @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.sendable = sendable;
    this.catalogs = new LookupCache<>(cacheTtl);
    renameDuplicates();
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.unique(TemplateDocument.class, "workspaceId", "name", "language"));
  }

  /**
   * Before name and language were unique per workspace, two templates could share them. Runs before
   * the unique index is created (the index needs this): the oldest keeps its name, each later one
   * is renamed {@code <name>_dup<n>} (a warning is logged), so its flows still find it by id.
   */
  private void renameDuplicates() {
    Query all = new Query().with(Sort.by("createdAt", "_id"));
    all.fields().include("workspaceId", "name", "language");
    Set<String> seen = new HashSet<>();
    for (TemplateDocument t : mongo.find(all, TemplateDocument.class)) {
      if (seen.add(key(t.workspaceId(), t.name(), t.language()))) {
        continue;
      }
      String renamed = t.name();
      for (int n = 2; !seen.add(key(t.workspaceId(), renamed, t.language())); n++) {
        renamed = t.name() + "_dup" + n;
      }
      mongo.updateFirst(
          query(where("_id").is(t.id())), Update.update("name", renamed), TemplateDocument.class);
      log.warn(
          "template {} renamed to {}: workspace {} has another {} ({})",
          t.id(),
          renamed,
          t.workspaceId(),
          t.name(),
          t.language());
    }
  }

  private static String key(String workspaceId, String name, String language) {
    return workspaceId + "\u0000" + name + "\u0000" + language;
  }

  /** The workspace's template with this name and language. */
  public Optional<TemplateDocument> byNameAndLanguage(
      String workspaceId, String name, String language) {
    return Optional.ofNullable(
        mongo.findOne(
            query(
                where("workspaceId")
                    .is(workspaceId)
                    .and("name")
                    .is(name)
                    .and("language")
                    .is(language)),
            TemplateDocument.class));
  }

  /** The workspace's templates imported from this business account. */
  public List<TemplateDocument> ofAccount(String workspaceId, String wabaId) {
    return mongo.find(
        query(where("workspaceId").is(workspaceId).and("wabaId").is(wabaId)),
        TemplateDocument.class);
  }

  /** The outcome of applying a status or quality report WhatsApp sent. */
  public enum Applied {
    /** The template now has it. */
    RECORDED,
    /** The template had it already (a redelivery). */
    DUPLICATE,
    /** A later report was applied already: this older one is ignored. */
    STALE,
    /** The workspace has no such template of this account. */
    UNKNOWN_TEMPLATE
  }

  /**
   * Applies WhatsApp's report of a template's status (or quality rating, with {@code quality}),
   * unless a later one was applied already. The template is the workspace's with this WhatsApp id,
   * else with this name and language, imported from this business account (or created here).
   */
  public Applied applyReport(
      String workspaceId,
      String wabaId,
      String whatsappId,
      String name,
      String language,
      boolean quality,
      String value,
      String reason,
      Instant at) {
    Optional<TemplateDocument> found =
        (whatsappId == null
                ? Optional.<TemplateDocument>empty()
                : Optional.ofNullable(
                    mongo.findOne(
                        query(
                            where("workspaceId").is(workspaceId).and("whatsappId").is(whatsappId)),
                        TemplateDocument.class)))
            .or(
                () ->
                    name == null || language == null
                        ? Optional.empty()
                        : byNameAndLanguage(workspaceId, name, language))
            .filter(t -> t.wabaId() == null || t.wabaId().equals(wabaId));
    if (found.isEmpty()) {
      return Applied.UNKNOWN_TEMPLATE;
    }
    TemplateDocument t = found.get();
    Instant last = quality ? t.qualityAt() : t.statusAt();
    if (last != null && at.isBefore(last)) {
      return Applied.STALE;
    }
    boolean same =
        quality
            ? value.equals(t.qualityScore())
            : value.equals(t.status()) && java.util.Objects.equals(reason, t.reason());
    if (same) {
      return Applied.DUPLICATE;
    }
    String timeField = quality ? "qualityAt" : "statusAt";
    Update update =
        quality
            ? Update.update("qualityScore", value).set("qualityAt", at)
            : Update.update("status", value).set("reason", reason).set("statusAt", at);
    boolean applied =
        written(
            () ->
                mongo
                        .updateFirst(
                            query(
                                where("_id")
                                    .is(t.id())
                                    .orOperator(
                                        where(timeField).is(null), where(timeField).lte(at))),
                            update.set("updatedAt", Instant.now()),
                            TemplateDocument.class)
                        .getModifiedCount()
                    > 0);
    return applied ? Applied.RECORDED : Applied.STALE;
  }

  /** Makes a change, then forgets the catalogs and what sends read of templates. */
  private <T> T written(java.util.function.Supplier<T> change) {
    try {
      return catalogs.clearAfter(change);
    } finally {
      sendable.forget();
    }
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

  /**
   * Inserts or replaces.
   *
   * @throws org.springframework.dao.DuplicateKeyException when the workspace has another template
   *     with this name and language
   */
  public TemplateDocument save(TemplateDocument template) {
    return written(() -> mongo.save(template));
  }

  public boolean delete(String workspaceId, String id) {
    return written(
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
