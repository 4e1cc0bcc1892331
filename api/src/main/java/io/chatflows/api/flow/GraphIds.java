package io.chatflows.api.flow;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Resource ids of nodes and edges: name-based UUIDs of flow id and graph id, so they are stable
 * across saves of {@code flow_data} and need no storage of their own.
 */
public final class GraphIds {

  private GraphIds() {}

  public static String nodeId(String flowId, String graphId) {
    return UUID.nameUUIDFromBytes(
            ("node\u0000" + flowId + "\u0000" + graphId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  public static String edgeId(String flowId, String graphId) {
    return UUID.nameUUIDFromBytes(
            ("edge\u0000" + flowId + "\u0000" + graphId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
