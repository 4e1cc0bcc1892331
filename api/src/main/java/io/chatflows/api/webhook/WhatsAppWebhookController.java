package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp Cloud API callback: the verification handshake and signed event deliveries. A
 * delivery is answered 200 only after each of its events was handed over; otherwise the error is a
 * 5xx and WhatsApp's retry is processed normally.
 */
@RestController
class WhatsAppWebhookController {

  private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookController.class);
  static final int MAX_EVENTS_PER_DELIVERY = 1_000;

  private final ChannelStore channels;
  private final WebhookChannels resolver;
  private final WebhookBridge bridge;
  private final JsonMapper json;

  WhatsAppWebhookController(
      ChannelStore channels, WebhookChannels resolver, WebhookBridge bridge, JsonMapper json) {
    this.channels = channels;
    this.resolver = resolver;
    this.bridge = bridge;
    this.json = json;
  }

  @GetMapping(value = "/webhooks/whatsapp", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> verify(
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    if ("subscribe".equals(mode)
        && token != null
        && challenge != null
        && channels.anyWithVerifyToken(token)) {
      return ResponseEntity.ok(challenge);
    }
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body("verification failed");
  }

  /** The outcome of each event of a delivery, in order. */
  record DeliveryResult(int events, List<String> outcomes) {}

  @PostMapping("/webhooks/whatsapp")
  DeliveryResult receive(
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("malformed_webhook", "the webhook body is empty");
    }
    if (signature == null) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "invalid_signature", "X-Hub-Signature-256 is missing");
    }
    List<WebhookEvent> events = WebhookParser.parse(json, body, MAX_EVENTS_PER_DELIVERY);
    Map<String, Optional<WebhookChannels.Resolved>> known = new HashMap<>();
    Map<String, Boolean> signedFor = new LinkedHashMap<>();
    for (WebhookEvent event : events) {
      Optional<ChannelDocument> channel =
          known
              .computeIfAbsent(event.channelId(), resolver::resolve)
              .map(WebhookChannels.Resolved::channel);
      channel.ifPresent(
          c ->
              signedFor.computeIfAbsent(
                  c.phoneNumberId(), id -> Signatures.valid(c.appSecret(), body, signature)));
    }
    if (!signedFor.isEmpty() && !signedFor.containsValue(true)) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "invalid_signature",
          "X-Hub-Signature-256 does not match the body");
    }
    List<String> outcomes = new ArrayList<>();
    for (WebhookEvent event : events) {
      Optional<WebhookChannels.Resolved> resolved = known.get(event.channelId());
      if (resolved.isEmpty()) {
        log.info("webhook event for unknown phone_number_id recorded and ignored");
        outcomes.add("unknown_channel");
      } else if (!signedFor.get(resolved.get().channel().phoneNumberId())) {
        outcomes.add("invalid_signature");
      } else {
        Workspace workspace = resolved.get().workspace();
        outcomes.add(bridge.handle(workspace, resolved.get().channel(), event));
      }
    }
    return new DeliveryResult(events.size(), outcomes);
  }
}
