package io.chatflows.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Documented limits of the API.
 *
 * @param maxBodyBytes request bodies above this get 413 ({@code CHATFLOW_LIMITS_MAX_BODY_BYTES})
 * @param maxPageSize the largest {@code page_size} of list endpoints
 */
@ConfigurationProperties("chatflow.limits")
public record ApiLimits(long maxBodyBytes, int maxPageSize) {

  public ApiLimits {
    maxBodyBytes = maxBodyBytes <= 0 ? 1_048_576 : maxBodyBytes;
    maxPageSize = maxPageSize <= 0 ? 100 : maxPageSize;
  }
}
