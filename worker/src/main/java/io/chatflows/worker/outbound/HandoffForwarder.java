package io.chatflows.worker.outbound;

import io.chatflows.store.crypto.Signatures;
import io.chatflows.workflows.conversation.HandoffForward;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts handoff events to the handoff webhook through the webhook actions' caller ({@link
 * WebhookCaller}: the same address checks, time and size limits and redirect rules), signed with
 * {@code X-Chatflow-Signature-256}. A 2xx answer delivers it; 429 and 5xx are retried by the
 * activity; any other answer, a refused target or a missing secret is not retried.
 */
@Component
public class HandoffForwarder {

  /** {@code sha256=} and the hex HMAC-SHA256 of the body with the handoff secret. */
  public static final String SIGNATURE_HEADER = "X-Chatflow-Signature-256";

  /** The event's name ({@code handoff_started}, {@code message_created}). */
  public static final String EVENT_HEADER = "X-Chatflow-Event";

  /** The event's id: the same for every attempt, so the receiver can drop a repeated one. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final WebhookCaller caller;
  private final HandoffProperties properties;
  private final JsonMapper json;

  public HandoffForwarder(WebhookCaller caller, HandoffProperties properties, JsonMapper json) {
    this.caller = caller;
    this.properties = properties;
    this.json = json;
  }

  public void forward(HandoffForward forward) {
    String secret = properties.secret();
    if (secret == null || secret.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no handoff secret is configured (chatflow.handoff.secret)", SendErrors.WEBHOOK_REFUSED);
    }
    String body = json.writeValueAsString(forward.event());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(SIGNATURE_HEADER, Signatures.sign(secret, body.getBytes(StandardCharsets.UTF_8)));
    headers.put(EVENT_HEADER, forward.event().event());
    headers.put(IDEMPOTENCY_HEADER, forward.event().id());
    WebhookResult result =
        caller.call(new WebhookCall(forward.workspaceId(), "POST", forward.url(), headers, body));
    if (result.status() / 100 != 2) {
      throw ApplicationFailure.newNonRetryableFailure(
          "handoff webhook answered " + result.status(), SendErrors.WEBHOOK_REFUSED);
    }
  }
}
