package io.chatflows.worker.outbound;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of webhook actions' outbound HTTP calls.
 *
 * @param allowedHosts host names (exact) that may resolve to loopback, private or link-local
 *     addresses; everything else must resolve to a public address
 * @param timeout connect and request timeout
 * @param maxResponseBytes responses longer than this are cut off
 * @param maxRedirects redirects followed, each target checked again
 */
@ConfigurationProperties("chatflow.webhooks")
public record OutboundProperties(
    List<String> allowedHosts, Duration timeout, int maxResponseBytes, int maxRedirects) {

  public OutboundProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    maxResponseBytes = maxResponseBytes <= 0 ? 65_536 : maxResponseBytes;
    maxRedirects = maxRedirects < 0 ? 3 : maxRedirects;
  }
}
