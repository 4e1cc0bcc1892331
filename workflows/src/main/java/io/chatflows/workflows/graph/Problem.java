package io.chatflows.workflows.graph;

/**
 * One validation problem of a flow graph.
 *
 * @param code machine-readable ({@code unknown_button}, {@code spinning_cycle}, ...)
 * @param severity {@code error} (blocks activation) or {@code warning}
 * @param nodeId the node concerned, if any
 * @param edgeId the edge concerned, if any
 */
public record Problem(String code, String severity, String message, String nodeId, String edgeId) {

  public static Problem error(String code, String message, String nodeId, String edgeId) {
    return new Problem(code, "error", message, nodeId, edgeId);
  }

  public static Problem warning(String code, String message, String nodeId, String edgeId) {
    return new Problem(code, "warning", message, nodeId, edgeId);
  }

  public boolean isError() {
    return "error".equals(severity);
  }
}
