package io.chatflows.api.security;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A bearer token, stored only as its SHA-256 hash. */
@Document("api_tokens")
public record ApiTokenDocument(
    @Id String tokenHash, String workspaceId, String name, Instant createdAt) {}
