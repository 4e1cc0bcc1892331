package io.chatflows.api.flow;

import io.chatflows.api.security.Actor;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A flow: its draft, the graph every edit changes, and which of its versions is published. {@code
 * flowData} is the builder's ReactFlow JSON kept as text, so it round-trips exactly (MongoDB would
 * refuse keys with dots or dollars and could reshape numbers).
 *
 * @param version the draft's version: bumped by every change to the graph, start template or reply
 *     timeout, each one kept as a {@link FlowVersionDocument}
 * @param nodeKeys the resource ids of the graph's nodes ({@link GraphIds}), derived from {@code
 *     flowData} on every save, so {@code /nodes/{id}/} finds its flow with one query
 * @param edgeKeys the resource ids of the graph's edges, likewise
 * @param publishedVersion the version new conversations start on; {@code null} until the flow is
 *     first published
 * @param updatedBy the token that last changed the draft
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
    Integer publishedVersion,
    Actor updatedBy,
    @Version Long revision) {

  /**
   * The version a new conversation starts on: the published one. A flow stored before flows had a
   * published version ran its latest version while active, and keeps doing so until it is
   * published.
   */
  public Integer startVersion() {
    if (publishedVersion != null) {
      return publishedVersion;
    }
    return isActive ? version : null;
  }

  /** The next version of this flow with another graph. */
  FlowDocument withGraph(String newFlowData, Actor by) {
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
        startVersion(),
        by,
        revision);
  }

  /** The next version of this flow with the graph and settings of {@code earlier}, published. */
  FlowDocument rolledBackTo(FlowVersionDocument earlier, Actor by) {
    return new FlowDocument(
        id,
        workspaceId,
        name,
        description,
        isActive,
        earlier.startTemplate(),
        earlier.flowData(),
        earlier.replyTimeoutSeconds(),
        version + 1,
        createdAt,
        Instant.now(),
        nodeKeys,
        edgeKeys,
        version + 1,
        by,
        revision);
  }

  /** This flow with its draft version published. */
  FlowDocument published() {
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
        nodeKeys,
        edgeKeys,
        version,
        updatedBy,
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
        publishedVersion,
        updatedBy,
        revision);
  }
}
