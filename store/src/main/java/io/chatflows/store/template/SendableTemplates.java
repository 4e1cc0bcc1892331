package io.chatflows.store.template;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * What a send needs of a stored template right before it goes out: WhatsApp's current review status
 * (a paused or disabled template is not sent) and the components its text is rendered from. Read
 * from the {@code templates} collection through a {@link LookupCache}: a status change made in this
 * process is seen at once ({@link #forget}), one made by another process (the api of a split
 * deployment) after at most {@code chatflow.lookup-cache-ttl} (5 s by default).
 */
@Component
public class SendableTemplates {

  static final String COLLECTION = "templates";

  private final MongoTemplate mongo;
  private final LookupCache<String, Sendable> cache;

  public SendableTemplates(
      MongoTemplate mongo, @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.cache = new LookupCache<>(cacheTtl);
  }

  /**
   * A template as a send sees it.
   *
   * @param status WhatsApp's status ({@code null}: created here, never reviewed)
   */
  public record Sendable(String status, List<Map<String, Object>> components) {

    /** Whether WhatsApp sends it: approved, or never reviewed. */
    public boolean sendable() {
      return status == null || "APPROVED".equals(status);
    }
  }

  /** The workspace's template with this id, if it exists. */
  public Optional<Sendable> find(String workspaceId, String templateId) {
    if (templateId == null) {
      return Optional.empty();
    }
    return cache.get(workspaceId + "\u0000" + templateId, key -> load(workspaceId, templateId));
  }

  /** Forgets what was read, after a template of this process changed. */
  public void forget() {
    cache.clear();
  }

  @SuppressWarnings("unchecked")
  private Optional<Sendable> load(String workspaceId, String templateId) {
    Document found =
        mongo.findOne(
            query(where("_id").is(templateId).and("workspaceId").is(workspaceId)),
            Document.class,
            COLLECTION);
    if (found == null) {
      return Optional.empty();
    }
    Object components = found.get("components");
    return Optional.of(
        new Sendable(
            found.getString("status"),
            components instanceof List<?> list ? (List<Map<String, Object>>) list : List.of()));
  }
}
