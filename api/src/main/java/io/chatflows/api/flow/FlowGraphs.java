package io.chatflows.api.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowGraphParser;

/** Parses stored {@code flow_data} text into the graph model of the workflows module. */
public final class FlowGraphs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FlowGraphs() {}

  public static FlowGraph parse(String flowData) {
    try {
      return FlowGraphParser.parse(JSON.readTree(flowData));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored flow_data is not JSON", e);
    }
  }
}
