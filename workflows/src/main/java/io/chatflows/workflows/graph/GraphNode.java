package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node as the builder stores it, normalized out of {@code flow_data}.
 *
 * @param nodeId the graph id ({@code node-1})
 * @param nodeType {@code template}, {@code condition} or {@code action}
 * @param position the builder's position object, kept as sent
 * @param data the node's settings, kept as sent
 */
public record GraphNode(String nodeId, String nodeType, JsonNode position, JsonNode data) {}
