package io.chatflows.api.security;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant. Everything stored carries its id.
 *
 * @param contactKeySalt secret salt of the workspace's contact keys (never returned)
 */
@Document("workspaces")
public record WorkspaceDocument(
    @Id String id, String name, String contactKeySalt, Instant createdAt) {}
