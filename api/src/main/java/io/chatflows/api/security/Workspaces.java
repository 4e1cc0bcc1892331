package io.chatflows.api.security;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Workspaces and their API tokens. */
@Service
public class Workspaces {

  private final MongoTemplate mongo;

  public Workspaces(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** The workspace a bearer token belongs to. */
  public Optional<Workspace> authenticate(String token) {
    ApiTokenDocument stored = mongo.findById(Tokens.hash(token), ApiTokenDocument.class);
    if (stored == null) {
      return Optional.empty();
    }
    return find(stored.workspaceId());
  }

  public Optional<Workspace> find(String id) {
    WorkspaceDocument doc = mongo.findById(id, WorkspaceDocument.class);
    return Optional.ofNullable(doc).map(d -> new Workspace(d.id(), d.name(), d.contactKeySalt()));
  }

  /** Creates a workspace unless one with this id exists; returns whether it was created. */
  public boolean createIfAbsent(String id, String name) {
    if (mongo.exists(query(where("_id").is(id)), WorkspaceDocument.class)) {
      return false;
    }
    mongo.insert(new WorkspaceDocument(id, name, Tokens.generate(), Instant.now()));
    return true;
  }

  /** Creates a workspace with a generated id. */
  public Workspace create(String name) {
    String id = UUID.randomUUID().toString();
    createIfAbsent(id, name);
    return find(id).orElseThrow();
  }

  /** Adds a token to a workspace (idempotent for the same token). */
  public void addToken(String workspaceId, String token, String name) {
    mongo.save(new ApiTokenDocument(Tokens.hash(token), workspaceId, name, Instant.now()));
  }
}
