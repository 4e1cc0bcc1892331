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
}
