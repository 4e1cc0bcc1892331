package io.chatflows.api.flow;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An immutable snapshot of a flow's graph; conversations start on one and keep it. */
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
    Instant createdAt) {

  public static String idOf(String flowId, int version) {
    return flowId + ":" + version;
  }

  /** The snapshot of a flow's current version. */
  static FlowVersionDocument of(FlowDocument flow) {
    return new FlowVersionDocument(
        idOf(flow.id(), flow.version()),
        flow.workspaceId(),
        flow.id(),
        flow.version(),
        flow.name(),
        flow.startTemplate(),
        flow.flowData(),
        flow.replyTimeoutSeconds(),
        flow.updatedAt());
  }
}
