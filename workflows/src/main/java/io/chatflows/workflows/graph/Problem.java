package io.chatflows.workflows.graph;

/**
 * One validation problem of a flow graph.
 *
 * @param code machine-readable ({@code unknown_button}, {@code spinning_cycle}, ...)
 * @param severity {@code error} (blocks activation) or {@code warning}
 * @param nodeId the node concerned, if any
 * @param edgeId the edge concerned, if any
 * @param field the field concerned, if any: its path in the node's or edge's {@code data} ({@code
 *     timeout_seconds}, {@code parameters.body[0]}, {@code response_mapping.ticket}), the node's or
 *     edge's own {@code id} or {@code label}, or a key of the flow ({@code
 *     settings.reply_timeout_seconds})
 */
public record Problem(
    String code, String severity, String message, String nodeId, String edgeId, String field) {

  public static Problem error(String code, String message, String nodeId, String edgeId) {
    return new Problem(code, "error", message, nodeId, edgeId, null);
  }

  public static Problem warning(String code, String message, String nodeId, String edgeId) {
    return new Problem(code, "warning", message, nodeId, edgeId, null);
  }

  /** An error in one field of a node ({@code edgeId} null) or an edge. */
  public static Problem fieldError(
      String code, String message, String nodeId, String edgeId, String field) {
    return new Problem(code, "error", message, nodeId, edgeId, field);
  }

  /** A warning about one field of a node. */
  public static Problem fieldWarning(String code, String message, String nodeId, String field) {
    return new Problem(code, "warning", message, nodeId, null, field);
  }

  public boolean isError() {
    return "error".equals(severity);
  }
}
