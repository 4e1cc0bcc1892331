package io.chatflows.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the api sets up at start-up ({@code CHATFLOW_BOOTSTRAP_*}). The admin token is {@link
 * AdminToken}.
 *
 * @param token the default workspace's token ({@code CHATFLOW_BOOTSTRAP_TOKEN}); generated and
 *     logged once when unset
 * @param channel the default workspace's WhatsApp channel
 */
@ConfigurationProperties("chatflow.bootstrap")
public record BootstrapProperties(String token, Channel channel) {

  public BootstrapProperties {
    channel = channel == null ? new Channel(null, null, null, null, null, null, null) : channel;
  }

  /**
   * The default channel; {@code mode} defaults to {@code sandbox}.
   *
   * @param phoneNumberId WhatsApp's id of the business number; webhooks are routed by it
   */
  public record Channel(
      String phoneNumberId,
      String displayPhoneNumber,
      String wabaId,
      String accessToken,
      String appSecret,
      String verifyToken,
      String mode) {}
}
