package io.chatflows.api.flow;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A flow. {@code flowData} is the builder's ReactFlow JSON kept as text, so it round-trips exactly
 * (MongoDB would refuse keys with dots or dollars and could reshape numbers).
 *
 * @param version the graph version: bumped by every change to the graph or start template
 * @param nodeKeys the resource ids of the graph's nodes ({@link GraphIds}), derived from {@code
 *     flowData} on every save, so {@code /nodes/{id}/} finds its flow with one query
 * @param edgeKeys the resource ids of the graph's edges, likewise
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
    List<String> nodeKeys,
    List<String> edgeKeys,
    @Version Long revision) {

  /** The next version of this flow with another graph. */
  FlowDocument withGraph(String newFlowData) {
    return new FlowDocument(
        id,
        workspaceId,
        name,
        description,
        isActive,
        startTemplate,
        newFlowData,
        replyTimeoutSeconds,
        version + 1,
        createdAt,
        Instant.now(),
        nodeKeys,
        edgeKeys,
        revision);
  }

  FlowDocument withKeys(List<String> nodes, List<String> edges) {
    return new FlowDocument(
        id,
        workspaceId,
        name,
        description,
        isActive,
        startTemplate,
        flowData,
        replyTimeoutSeconds,
        version,
        createdAt,
        updatedAt,
        nodes,
        edges,
        revision);
  }
}
