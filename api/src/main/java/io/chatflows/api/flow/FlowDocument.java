package io.chatflows.api.flow;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A flow. {@code flowData} is the builder's ReactFlow JSON kept as text, so it round-trips exactly
 * (MongoDB would refuse keys with dots or dollars and could reshape numbers).
 *
 * @param version the graph version: bumped by every change to the graph or start template
 * @param revision optimistic-locking counter of the document
 */
@Document("flows")
public record FlowDocument(
    @Id String id,
    String workspaceId,
    String name,
    String description,
    boolean isActive,
    String startTemplate,
    String flowData,
    long replyTimeoutSeconds,
    int version,
    Instant createdAt,
    Instant updatedAt,
    @Version Long revision) {}
