package io.chatflows.api.flow;

import io.chatflows.api.config.InputChecks;
import io.chatflows.workflows.graph.Limits;
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
          JsonNode data) {

    /** Bounds the ids and the type a client stores in the graph. */
    void check() {
      InputChecks.optionalName("flow", flow, Limits.ID_LENGTH);
      InputChecks.optionalName("node_id", nodeId, Limits.ID_LENGTH);
      InputChecks.optionalName("node_type", nodeType, Limits.ID_LENGTH);
    }
  }

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
      String label) {

    /** Bounds the ids, trigger, operator, value and label a client stores in the graph. */
    void check() {
      InputChecks.optionalName("flow", flow, Limits.ID_LENGTH);
      InputChecks.optionalName("edge_id", edgeId, Limits.ID_LENGTH);
      InputChecks.optionalName("source_node", sourceNode, Limits.ID_LENGTH);
      InputChecks.optionalName("target_node", targetNode, Limits.ID_LENGTH);
      InputChecks.optionalName("trigger", trigger, Limits.ID_LENGTH);
      InputChecks.optionalName("operator", operator, Limits.ID_LENGTH);
      InputChecks.text("trigger_value", triggerValue, Limits.VALUE_LENGTH);
      if (label != null && !label.isEmpty()) {
        InputChecks.name("label", label, Limits.VALUE_LENGTH);
      }
    }
  }
}
