package io.chatflows.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Documented limits of the API.
 *
 * @param maxBodyBytes request bodies above this get 413 ({@code CHATFLOW_LIMITS_MAX_BODY_BYTES})
 * @param maxPageSize the largest {@code page_size} of list endpoints
 * @param maxNodes the most nodes one flow may have ({@code CHATFLOW_LIMITS_MAX_NODES})
 * @param maxEdges the most edges one flow may have ({@code CHATFLOW_LIMITS_MAX_EDGES})
 */
@ConfigurationProperties("chatflow.limits")
public record ApiLimits(long maxBodyBytes, int maxPageSize, int maxNodes, int maxEdges) {

  public ApiLimits {
    maxBodyBytes = maxBodyBytes <= 0 ? 1_048_576 : maxBodyBytes;
    maxPageSize = maxPageSize <= 0 ? 100 : maxPageSize;
    maxNodes = maxNodes <= 0 ? 1_000 : maxNodes;
    maxEdges = maxEdges <= 0 ? 1_000 : maxEdges;
  }
}
