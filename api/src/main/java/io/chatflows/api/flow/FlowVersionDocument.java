package io.chatflows.api.flow;

import io.chatflows.api.security.Actor;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An immutable snapshot of one version of a flow's draft; conversations start on the published one
 * and keep it. Only the publication fields are written later, once, when the version is published.
 *
 * @param changedBy the token whose change made this version ({@code null} for versions stored
 *     before changes were recorded, or made outside a request)
 * @param summary what this version changed against the version before it
 * @param rolledBackFrom the earlier version this one copies, when it was made by a rollback
 * @param publishedAt when this version was published, {@code null} while it never was
 * @param publishedBy the token that published it
 */
@Document("flow_versions")
public record FlowVersionDocument(
    @Id String id,
    String workspaceId,
    String flowId,
    int version,
    String name,
    String startTemplate,
    String flowData,
    long replyTimeoutSeconds,
    Instant createdAt,
    Actor changedBy,
    VersionSummary summary,
    Integer rolledBackFrom,
    Instant publishedAt,
    Actor publishedBy) {

  public static String idOf(String flowId, int version) {
    return flowId + ":" + version;
  }

  /** The snapshot of a flow's current version, as recorded before changes were. */
  static FlowVersionDocument of(FlowDocument flow) {
    return of(flow, null, null, null);
  }

  /** The snapshot of a flow's current version; published already when the flow says so. */
  static FlowVersionDocument of(
      FlowDocument flow, Actor by, VersionSummary summary, Integer rolledBackFrom) {
    boolean published =
        flow.publishedVersion() != null && flow.publishedVersion() == flow.version();
    return new FlowVersionDocument(
        idOf(flow.id(), flow.version()),
        flow.workspaceId(),
        flow.id(),
        flow.version(),
        flow.name(),
        flow.startTemplate(),
        flow.flowData(),
        flow.replyTimeoutSeconds(),
        flow.updatedAt(),
        by,
        summary,
        rolledBackFrom,
        published ? flow.updatedAt() : null,
        published ? by : null);
  }
}
