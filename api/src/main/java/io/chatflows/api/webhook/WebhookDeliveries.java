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
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes one signed webhook delivery. The signature is checked before the events are
 * interpreted: the body is read as JSON, the business numbers it names are looked up (at most
 * {@link #MAX_CHANNELS}, only ids that can be a {@code phone_number_id}), and the signature is
 * checked against their app secrets; only then are the events read and handed over one by one, in
 * order. A bad event (a timestamp out of range, a status WhatsApp does not send) is acknowledged
 * and recorded as such, never handed over. The first event whose hand-over fails stops the delivery
 * with its error; the events before it are recorded, so WhatsApp's redelivery skips them as
 * duplicates and continues where this one stopped.
 */
@Service
class WebhookDeliveries {

  /** Most distinct business numbers one delivery may name (WhatsApp sends one per change). */
  static final int MAX_CHANNELS = 20;

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");

  private final ChannelStore channels;
  private final Workspaces workspaces;
  private final WebhookBridge bridge;
  private final WebhookMetrics metrics;
  private final BridgeProperties properties;
  private final JsonMapper json;
  private final TemplateWebhooks templateWebhooks;

  WebhookDeliveries(
      ChannelStore channels,
      Workspaces workspaces,
      WebhookBridge bridge,
      WebhookMetrics metrics,
      BridgeProperties properties,
      JsonMapper json,
      TemplateWebhooks templateWebhooks) {
    this.channels = channels;
    this.workspaces = workspaces;
    this.bridge = bridge;
    this.metrics = metrics;
    this.properties = properties;
    this.json = json;
    this.templateWebhooks = templateWebhooks;
  }

  /** The outcome of each event of a delivery, in order. */
  record DeliveryResult(int events, List<String> outcomes) {}

  /** A channel the delivery names, with its workspace and whether the signature is its. */
  private record Sender(ChannelDocument channel, Workspace workspace, boolean signed) {}

  DeliveryResult process(byte[] body, String signature) {
    JsonNode root = WebhookParser.tree(json, body);
    Set<String> channelIds = WebhookParser.channelIds(root);
    if (channelIds.size() > MAX_CHANNELS) {
      throw ApiException.badRequest(
          "too_many_channels",
          "a webhook delivery may name at most " + MAX_CHANNELS + " business numbers");
    }
    Map<String, Boolean> signedBySecret = new HashMap<>();
    Map<String, Optional<Sender>> senders = new HashMap<>();
    for (String channelId : channelIds) {
      senders.put(channelId, sender(channelId, body, signature, signedBySecret));
    }
    boolean anyKnown = senders.values().stream().anyMatch(Optional::isPresent);
    boolean anySigned =
        senders.values().stream().flatMap(Optional::stream).anyMatch(Sender::signed);
    if (anyKnown && !anySigned) {
      // Read only to count the refused events by kind: reading never fails nor acts.
      WebhookParser.events(root).stream()
          .limit(properties.maxEventsPerDelivery())
          .forEach(parsed -> metrics.event(parsed.event(), "invalid_signature"));
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "invalid_signature",
          "X-Hub-Signature-256 does not match the body");
    }
    List<WebhookParser.Parsed> events = WebhookParser.events(root);
    WebhookParser.checkSize(events, properties.maxEventsPerDelivery());
    // Template status and quality changes name a business account, not a number: checked
    // against the app secrets of that account's channels, then applied.
    List<String> outcomes =
        new ArrayList<>(
            templateWebhooks.process(
                root, body, signature, MAX_CHANNELS, properties.maxEventsPerDelivery()));
    for (WebhookParser.Parsed parsed : events) {
      String outcome = handOver(parsed, senders.get(parsed.event().channelId()));
      metrics.event(parsed.event(), outcome);
      outcomes.add(outcome);
    }
    return new DeliveryResult(outcomes.size(), outcomes);
  }

  private String handOver(WebhookParser.Parsed parsed, Optional<Sender> sender) {
    if (sender.isEmpty()) {
      log.info("webhook event for an unknown phone_number_id acknowledged and ignored");
      return "unknown_channel";
    }
    if (!sender.get().signed()) {
      return "invalid_signature";
    }
    if (parsed.problem() != null) {
      log.warn("signed webhook event refused and acknowledged: {}", parsed.problem());
      return parsed.problem();
    }
    try {
      return bridge.handle(sender.get().workspace(), sender.get().channel(), parsed.event());
    } catch (RuntimeException e) {
      metrics.event(parsed.event(), "error");
      throw e;
    }
  }

  /**
   * The channel of a business number and whether the body is signed with its app secret (each
   * secret's HMAC is computed once per delivery). An id that cannot be a {@code phone_number_id} is
   * no channel: it is not looked up.
   */
  private Optional<Sender> sender(
      String phoneNumberId, byte[] body, String signature, Map<String, Boolean> signedBySecret) {
    if (!PHONE_NUMBER_ID.matcher(phoneNumberId).matches()) {
      return Optional.empty();
    }
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
                                channel.appSecret() != null
                                    && signedBySecret.computeIfAbsent(
                                        channel.appSecret(),
                                        secret -> Signatures.valid(secret, body, signature)))));
  }
}
