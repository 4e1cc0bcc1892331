package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every node of {@code flow_data} has, whatever its kind.
 *
 * @param nodeId the graph id ({@code node-1}); {@code null} when the builder gave none
 * @param nodeType the node's {@code type} as written ({@code template}, {@code condition}, {@code
 *     action}, or anything for an unknown node)
 * @param position the builder's position object, kept as sent ({@code null} once compiled)
 * @param data the node's settings, kept as sent (always an object)
 */
public record NodeBase(String nodeId, String nodeType, JsonNode position, JsonNode data) {}
