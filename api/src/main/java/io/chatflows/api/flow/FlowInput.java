package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.flow.FlowPayloads.FlowRequest;
import io.chatflows.api.flow.FlowPayloads.Settings;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.Limits;
import java.util.List;

/** Checks of a flow request's shape and size; each problem names the request field. */
final class FlowInput {

  static final String EMPTY_GRAPH = "{\"nodes\":[],\"edges\":[]}";

  private FlowInput() {}

  /**
   * The request's {@code flow_data} as text: an object whose {@code nodes}/{@code edges} are
   * arrays.
   */
  static String flowData(FlowRequest request) {
    if (request.flowData() == null || request.flowData().isNull()) {
      return EMPTY_GRAPH;
    }
    if (!request.flowData().isObject()) {
      throw ApiException.invalidField(
          "invalid_flow_data", "flow_data", "flow_data must be an object with nodes and edges");
    }
    for (String field : List.of("nodes", "edges")) {
      if (request.flowData().has(field) && !request.flowData().get(field).isArray()) {
        throw ApiException.invalidField(
            "invalid_flow_data", "flow_data." + field, "flow_data." + field + " must be an array");
      }
    }
    return request.flowData().toString();
  }

  static long timeout(Settings settings, long fallback) {
    if (settings == null || settings.replyTimeoutSeconds() == null) {
      return fallback;
    }
    if (!Limits.REPLY_TIMEOUT_SECONDS.contains(settings.replyTimeoutSeconds())) {
      throw ApiException.invalidField(
          "invalid_settings",
          "settings.reply_timeout_seconds",
          "settings.reply_timeout_seconds must be between "
              + Limits.REPLY_TIMEOUT_SECONDS.min()
              + " and "
              + Limits.REPLY_TIMEOUT_SECONDS.max()
              + " seconds (30 days)");
    }
    return settings.replyTimeoutSeconds();
  }

  /**
   * The flow's name, description and start template, bounded like every name and text a client
   * stores; {@code null} fields of a PATCH stay unchecked (they keep their value).
   */
  static void checkTexts(FlowRequest request) {
    if (request.name() != null) {
      InputChecks.name("name", request.name(), Limits.NAME_LENGTH);
    }
    InputChecks.text("description", request.description(), Limits.DESCRIPTION_LENGTH);
    InputChecks.optionalName("start_template", request.startTemplate(), Limits.ID_LENGTH);
  }

  /** Refuses graphs over {@code chatflow.limits.max-nodes} / {@code max-edges}. */
  static void checkLimits(FlowGraph graph, ApiLimits limits) {
    if (graph.nodes().size() > limits.maxNodes()) {
      throw ApiException.invalidField(
          "too_many_nodes",
          "flow_data.nodes",
          "a flow has at most " + limits.maxNodes() + " nodes (chatflow.limits.max-nodes)");
    }
    if (graph.edges().size() > limits.maxEdges()) {
      throw ApiException.invalidField(
          "too_many_edges",
          "flow_data.edges",
          "a flow has at most " + limits.maxEdges() + " edges (chatflow.limits.max-edges)");
    }
  }
}
