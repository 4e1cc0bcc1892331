package io.chatflows.api.flow;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** Request bodies of {@code /chat-flow/nodes/} and {@code /chat-flow/edges/}. */
public final class GraphPayloads {

  private GraphPayloads() {}

  /**
   * Create (POST: {@code flow} and {@code node_type} required) or change (PUT/PATCH: the fields
   * given replace, the others stay) a node. {@code node_id} is the graph id ({@code node-4}),
   * generated when absent; it cannot change.
   */
  public record NodeRequest(
      String flow,
      String nodeId,
      String nodeType,
      @Schema(
              type = "object",
              types = {"object"},
              example = "{\"x\": 100, \"y\": 100}")
          JsonNode position,
      @Schema(
              type = "object",
              types = {"object"})
          JsonNode data) {}

  /**
   * Create (POST: {@code flow}, {@code source_node}, {@code target_node} required) or change
   * (PUT/PATCH: the fields given replace) an edge. {@code source_node}/{@code target_node} are
   * graph ids of nodes of the same flow. Without {@code trigger} it comes from a {@code Button:
   * <text>} label, else it is {@code default}.
   */
  public record EdgeRequest(
      String flow,
      String edgeId,
      String sourceNode,
      String targetNode,
      String trigger,
      String triggerValue,
      String operator,
      String label) {}
}
