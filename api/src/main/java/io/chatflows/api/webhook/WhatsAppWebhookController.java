package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.webhook.WebhookDeliveries.DeliveryResult;
import io.chatflows.store.channel.ChannelStore;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WhatsApp Cloud API callback, {@code /webhooks/whatsapp/}: the verification handshake and
 * signed event deliveries. A delivery is answered 200 only after each of its events was handed
 * over; otherwise the answer is a 5xx and WhatsApp's retry is processed normally.
 */
@RestController
class WhatsAppWebhookController {

  private final ChannelStore channels;
  private final WebhookDeliveries deliveries;
  private final WebhookMetrics metrics;

  WhatsAppWebhookController(
      ChannelStore channels, WebhookDeliveries deliveries, WebhookMetrics metrics) {
    this.channels = channels;
    this.deliveries = deliveries;
    this.metrics = metrics;
  }

  /**
   * Echoes {@code hub.challenge} when {@code hub.verify_token} is the verify token of a channel.
   */
  @GetMapping(value = "/webhooks/whatsapp", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> verify(
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    if ("subscribe".equals(mode)
        && token != null
        && !token.isBlank()
        && challenge != null
        && channels.anyWithVerifyToken(token)) {
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }
    throw new ApiException(
        HttpStatus.FORBIDDEN,
        "verification_failed",
        "hub.mode must be subscribe and hub.verify_token the verify token of a channel");
  }

  @PostMapping("/webhooks/whatsapp")
  DeliveryResult receive(
      @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
      @RequestBody(required = false) byte[] body) {
    Timer.Sample sample = metrics.start();
    String result = "error";
    try {
      if (signature == null || signature.isBlank()) {
        throw new ApiException(
            HttpStatus.UNAUTHORIZED, "invalid_signature", "X-Hub-Signature-256 is missing");
      }
      if (body == null || body.length == 0) {
        throw ApiException.badRequest("malformed_webhook", "the webhook body is empty");
      }
      DeliveryResult delivered = deliveries.process(body, signature);
      result = "ok";
      return delivered;
    } catch (ApiException e) {
      if (e.status() == HttpStatus.UNAUTHORIZED) {
        result = "unauthorized";
      }
      throw e;
    } finally {
      metrics.delivery(sample, result);
    }
  }
}
