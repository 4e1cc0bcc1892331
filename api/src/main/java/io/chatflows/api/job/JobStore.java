package io.chatflows.api.job;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Jobs over conversations and their progress, always filtered by workspace. */
@Component
public class JobStore implements IndexedStore {

  /** How many skipped and failed conversations a job keeps, each list. */
  public static final int KEPT_ISSUES = 100;

  /** How often the process running or holding a job touches it. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** A queued or running job untouched this long lost its process: it reads as interrupted. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(60);

  private final MongoTemplate mongo;

  public JobStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.on(JobDocument.class, "workspaceId", "createdAt"));
  }

  public void insert(JobDocument job) {
    mongo.insert(job);
  }

  public Optional<JobDocument> find(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, JobDocument.class))
        .filter(j -> workspaceId.equals(j.workspaceId()));
  }

  /** The workspace's jobs, newest first. */
  public List<JobDocument> list(String workspaceId, long offset, int limit) {
    return mongo.find(inWorkspace(workspaceId).skip(offset).limit(limit), JobDocument.class);
  }

  public long count(String workspaceId) {
    return mongo.count(query(where("workspaceId").is(workspaceId)), JobDocument.class);
  }

  private static Query inWorkspace(String workspaceId) {
    return query(where("workspaceId").is(workspaceId))
        .with(Sort.by(Sort.Direction.DESC, "createdAt"));
  }

  void started(String id, long total) {
    Instant now = Instant.now();
    mongo.updateFirst(
        query(where("_id").is(id)),
        new Update()
            .set("status", JobDocument.RUNNING)
            .set("startedAt", now)
            .set("updatedAt", now)
            .set("total", total),
        JobDocument.class);
  }

  /** Writes the counts so far, and the issues not yet written. */
  void progress(
      String id,
      long done,
      long failed,
      long skipped,
      List<JobDocument.Issue> newSkips,
      List<JobDocument.Issue> newFailures) {
    Update update =
        new Update()
            .set("done", done)
            .set("failed", failed)
            .set("skipped", skipped)
            .set("updatedAt", Instant.now());
    if (!newSkips.isEmpty()) {
      update.push("skips").each(newSkips.toArray());
    }
    if (!newFailures.isEmpty()) {
      update.push("failures").each(newFailures.toArray());
    }
    mongo.updateFirst(query(where("_id").is(id)), update, JobDocument.class);
  }

  void finished(String id, String status, String error) {
    Instant now = Instant.now();
    Update update = new Update().set("status", status).set("finishedAt", now).set("updatedAt", now);
    if (error != null) {
      update.set("error", error);
    }
    mongo.updateFirst(query(where("_id").is(id)), update, JobDocument.class);
  }

  /** Touches the jobs this process holds, so they do not read as interrupted. */
  void touch(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    mongo.updateMulti(
        query(where("_id").in(ids)),
        new Update().set("updatedAt", Instant.now()),
        JobDocument.class);
  }
}
