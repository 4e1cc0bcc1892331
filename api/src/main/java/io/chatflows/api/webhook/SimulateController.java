package io.chatflows.api.webhook;

import io.chatflows.api.channel.Channels;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.Limits;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /chat-flow/simulate/}: a contact's button click or text on a sandbox channel, fed
 * through the same bridge path as a real webhook.
 */
@Tag(name = "Sandbox")
@RestController
class SimulateController {

  private final Channels channels;
  private final WebhookBridge bridge;
  private final WebhookMetrics metrics;

  SimulateController(Channels channels, WebhookBridge bridge, WebhookMetrics metrics) {
    this.channels = channels;
    this.bridge = bridge;
    this.metrics = metrics;
  }

  /**
   * A simulated inbound message: {@code button} (the button text, optionally with {@code payload}
   * and {@code context_id}) or {@code text}. {@code message_id} defaults to a new one.
   */
  record SimulatedMessage(
      String contact,
      String name,
      String channel,
      String button,
      String payload,
      String contextId,
      String text,
      String messageId) {

    /** Bounds what the simulated message stores: names, ids and texts. */
    void check() {
      InputChecks.optionalName("name", name, Limits.NAME_LENGTH);
      InputChecks.optionalName("channel", channel, Limits.ID_LENGTH);
      InputChecks.optionalName("button", button, Limits.VALUE_LENGTH);
      InputChecks.optionalName("payload", payload, Limits.VALUE_LENGTH);
      InputChecks.optionalName("context_id", contextId, Limits.ID_LENGTH * 2);
      InputChecks.optionalName("message_id", messageId, Limits.ID_LENGTH * 2);
      InputChecks.text("text", text, Limits.TEXT_MESSAGE_LENGTH);
    }
  }

  record SimulationResult(String messageId, String outcome) {}

  @Operation(
      operationId = "simulateMessage",
      summary = "Simulate a contact's button click or text on a sandbox channel",
      description =
          "Fed through the same bridge as a real webhook; `outcome` says what became of it.")
  @ApiResponse(
      responseCode = "409",
      description = "the workspace has no channel to simulate on (`no_channel`)")
  @ApiResponse(
      responseCode = "503",
      description =
          "Temporal did not take the message in time, or another delivery is handing it over"
              + " (`temporal_unavailable`, `handover_in_progress`); retry")
  @ResponseStatus(HttpStatus.OK)
  @PostMapping("/chat-flow/simulate")
  SimulationResult simulate(Workspace workspace, @RequestBody SimulatedMessage body) {
    String waId = InputChecks.waId("contact", body.contact());
    body.check();
    ChannelDocument channel = channels.forSending(workspace, body.channel());
    if (!channel.sandbox()) {
      throw ApiException.badRequest(
          "not_sandbox", "simulation is only available on sandbox channels");
    }
    String id = body.messageId() != null ? body.messageId() : "wamid.sim." + UUID.randomUUID();
    InboundEvent event;
    String type;
    if (body.button() != null || body.payload() != null) {
      event = InboundEvent.button(id, body.button(), body.payload(), body.contextId());
      type = "button";
    } else if (body.text() != null) {
      event = InboundEvent.text(id, body.text());
      type = "text";
    } else {
      throw ApiException.badRequest("empty_message", "give a button or a text");
    }
    WebhookEvent.Message message =
        new WebhookEvent.Message(
            channel.phoneNumberId(), waId, body.name(), id, type, event, Instant.now());
    Timer.Sample sample = metrics.start();
    String outcome;
    try {
      outcome = bridge.handle(workspace, channel, message);
    } catch (RuntimeException e) {
      metrics.event(message, "error");
      metrics.delivery(sample, "error");
      throw e;
    }
    metrics.event(message, outcome);
    metrics.delivery(sample, "ok");
    return new SimulationResult(id, outcome);
  }
}
