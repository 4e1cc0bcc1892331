package io.chatflows.api.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the webhook bridge ({@code CHATFLOW_BRIDGE_*}).
 *
 * @param handoverTimeout how long the hand-over of one event may wait for Temporal before the
 *     delivery is answered 503 ({@code CHATFLOW_BRIDGE_HANDOVER_TIMEOUT}, default 10s)
 * @param maxEventsPerDelivery a delivery with more messages and statuses is refused with 400
 *     ({@code CHATFLOW_BRIDGE_MAX_EVENTS_PER_DELIVERY}, default 1000, WhatsApp's own batch limit)
 * @param claimLease how long a claim on an inbound message stays with the delivery that took it;
 *     after that a redelivery takes it over, so the message of an api that died in the middle of a
 *     hand-over is not stuck ({@code CHATFLOW_BRIDGE_CLAIM_LEASE}, default 1m; keep it well above
 *     the hand-over timeout)
 */
@ConfigurationProperties("chatflow.bridge")
public record BridgeProperties(
    Duration handoverTimeout, int maxEventsPerDelivery, Duration claimLease) {

  public BridgeProperties {
    handoverTimeout =
        handoverTimeout == null || handoverTimeout.isNegative() || handoverTimeout.isZero()
            ? Duration.ofSeconds(10)
            : handoverTimeout;
    maxEventsPerDelivery = maxEventsPerDelivery <= 0 ? 1_000 : maxEventsPerDelivery;
    claimLease =
        claimLease == null || claimLease.isNegative() || claimLease.isZero()
            ? Duration.ofMinutes(1)
            : claimLease;
  }
}
