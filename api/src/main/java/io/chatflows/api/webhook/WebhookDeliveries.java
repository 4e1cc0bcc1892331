package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.security.Workspaces;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one signed webhook delivery: finds the channels it names, checks the signature against
 * their app secrets, then hands the events over one by one, in order. The first event whose
 * hand-over fails stops the delivery with its error; the events before it are recorded, so
 * WhatsApp's redelivery skips them as duplicates and continues where this one stopped.
 */
@Service
class WebhookDeliveries {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

  private final ChannelStore channels;
  private final Workspaces workspaces;
  private final WebhookBridge bridge;
  private final WebhookMetrics metrics;
  private final BridgeProperties properties;
  private final JsonMapper json;

  WebhookDeliveries(
      ChannelStore channels,
      Workspaces workspaces,
      WebhookBridge bridge,
      WebhookMetrics metrics,
      BridgeProperties properties,
      JsonMapper json) {
    this.channels = channels;
    this.workspaces = workspaces;
    this.bridge = bridge;
    this.metrics = metrics;
    this.properties = properties;
    this.json = json;
  }

  /** The outcome of each event of a delivery, in order. */
  record DeliveryResult(int events, List<String> outcomes) {}

  /** A channel the delivery names, with its workspace and whether the signature is its. */
  private record Sender(ChannelDocument channel, Workspace workspace, boolean signed) {}

  DeliveryResult process(byte[] body, String signature) {
    List<WebhookEvent> events = WebhookParser.parse(json, body, properties.maxEventsPerDelivery());
    Map<String, Optional<Sender>> senders = new HashMap<>();
    for (WebhookEvent event : events) {
      senders.computeIfAbsent(event.channelId(), id -> sender(id, body, signature));
    }
    boolean anyKnown = senders.values().stream().anyMatch(Optional::isPresent);
    boolean anySigned =
        senders.values().stream().flatMap(Optional::stream).anyMatch(Sender::signed);
    if (anyKnown && !anySigned) {
      events.forEach(event -> metrics.event(event, "invalid_signature"));
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "invalid_signature",
          "X-Hub-Signature-256 does not match the body");
    }
    List<String> outcomes = new ArrayList<>();
    for (WebhookEvent event : events) {
      String outcome = handOver(event, senders.get(event.channelId()));
      metrics.event(event, outcome);
      outcomes.add(outcome);
    }
    return new DeliveryResult(events.size(), outcomes);
  }

  private String handOver(WebhookEvent event, Optional<Sender> sender) {
    if (sender.isEmpty()) {
      log.info("webhook event for an unknown phone_number_id acknowledged and ignored");
      return "unknown_channel";
    }
    if (!sender.get().signed()) {
      return "invalid_signature";
    }
    try {
      return bridge.handle(sender.get().workspace(), sender.get().channel(), event);
    } catch (RuntimeException e) {
      metrics.event(event, "error");
      throw e;
    }
  }

  private Optional<Sender> sender(String phoneNumberId, byte[] body, String signature) {
    return channels
        .byPhoneNumberId(phoneNumberId)
        .flatMap(
            channel ->
                workspaces
                    .find(channel.workspaceId())
                    .map(
                        workspace ->
                            new Sender(
                                channel,
                                workspace,
                                Signatures.valid(channel.appSecret(), body, signature))));
  }
}
