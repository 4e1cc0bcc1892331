package io.chatflows.api.security;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Workspaces and their API tokens. Workspaces and tokens are never changed once written, so both
 * lookups, made for every request and every webhook, go through a {@link LookupCache}.
 */
@Component
public class Workspaces {

  private final MongoTemplate mongo;
  private final LookupCache<String, Workspace> byTokenHash;
  private final LookupCache<String, Workspace> byId;
  private final LookupCache<String, String> tokenNames;

  public Workspaces(
      MongoTemplate mongo, @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.byTokenHash = new LookupCache<>(cacheTtl);
    this.byId = new LookupCache<>(cacheTtl);
    this.tokenNames = new LookupCache<>(cacheTtl);
  }

  /** The workspace a bearer token belongs to. */
  public Optional<Workspace> authenticate(String token) {
    return byTokenHash.get(
        Tokens.hash(token),
        hash ->
            Optional.ofNullable(mongo.findById(hash, ApiTokenDocument.class))
                .flatMap(stored -> find(stored.workspaceId())));
  }

  /** The name a token was created with, by the token's hash. */
  public Optional<String> tokenName(String tokenHash) {
    return tokenNames.get(
        tokenHash,
        hash ->
            Optional.ofNullable(mongo.findById(hash, ApiTokenDocument.class))
                .map(ApiTokenDocument::name));
  }

  public Optional<Workspace> find(String id) {
    return byId.get(
        id,
        key ->
            Optional.ofNullable(mongo.findById(key, WorkspaceDocument.class))
                .map(d -> new Workspace(d.id(), d.name(), d.contactKeySalt())));
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
