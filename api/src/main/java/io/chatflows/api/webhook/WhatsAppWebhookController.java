package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.webhook.WebhookDeliveries.DeliveryResult;
import io.chatflows.store.channel.ChannelStore;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WhatsApp Cloud API callback, {@code /webhooks/whatsapp/}: the verification handshake and
 * signed event deliveries. A delivery is answered 200 only after each of its events was handed
 * over; otherwise the answer is a 5xx and WhatsApp's retry is processed normally.
 */
@Tag(
    name = "WhatsApp webhook",
    description =
        "Where WhatsApp Cloud API delivers messages and statuses; public, checked by signature")
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
  @Operation(
      operationId = "verifyWebhook",
      summary = "Answer WhatsApp's subscription check with its challenge")
  @ApiResponse(
      responseCode = "403",
      description = "not a subscription with a channel's verify token (`verification_failed`)")
  @ResponseStatus(HttpStatus.OK)
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

  @Operation(
      operationId = "receiveWebhook",
      summary = "Receive a delivery of messages and statuses",
      description =
          "Signed with the app secret of the channel it names (`X-Hub-Signature-256`). A 2xx"
              + " means every event was handed over; a 5xx makes WhatsApp deliver again.")
  @ApiResponse(
      responseCode = "401",
      description = "the signature is missing or wrong (`invalid_signature`)")
  @ApiResponse(
      responseCode = "503",
      description = "an event could not be handed over yet; WhatsApp retries the delivery")
  @ResponseStatus(HttpStatus.OK)
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
