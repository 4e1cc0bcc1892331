package io.chatflows.api.webhook;

import io.chatflows.store.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The bridge's metrics; names and tags are fixed because dashboards and alerts rely on them. No
 * contact or message ids as tags. Real webhooks and the sandbox's simulated messages both count
 * here. Every series is registered at zero when the api starts.
 *
 * <ul>
 *   <li>{@code chatflow.webhook.events} (counter): {@code kind} = {@link #KINDS}; {@code result} =
 *       {@link #RESULTS}, the outcome of the event
 *   <li>{@code chatflow.webhook.handover} (timer with a percentile histogram): one whole delivery
 *       (a simulated message is one) from receipt to answer; {@code result} = ok, error,
 *       unauthorized
 *   <li>{@code chatflow.message.statuses} (counter): {@code status} = sent, delivered, read,
 *       failed: statuses recorded on a message we sent, each once
 *   <li>{@code chatflow.message.errors} (counter), {@code source} = status: the WhatsApp error code
 *       of each {@code failed} status
 * </ul>
 */
@Component
class WebhookMetrics {

  static final String EVENTS = "chatflow.webhook.events";
  static final String HANDOVER = "chatflow.webhook.handover";

  static final List<String> KINDS = List.of("button", "interactive", "text", "status", "other");
  static final List<String> RESULTS =
      List.of(
          "signalled",
          "started",
          "duplicate",
          "no_conversation",
          "not_started",
          "unsupported",
          "recorded",
          "unknown_message",
          "unknown_channel",
          "invalid_signature",
          "error");
  static final List<String> DELIVERY_RESULTS = List.of("ok", "error", "unauthorized");

  /** Bridge outcomes of a status that was recorded on our message (not a duplicate). */
  private static final Set<String> STATUS_RECORDED = Set.of("recorded", "signalled");

  private final MeterRegistry registry;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
    KINDS.forEach(kind -> RESULTS.forEach(result -> events(kind, result)));
    DELIVERY_RESULTS.forEach(this::handover);
    MetricNames.STATUS_VALUES.forEach(this::statuses);
    MetricNames.ERROR_CODES.forEach(this::errors);
  }

  void event(WebhookEvent event, String result) {
    events(kind(event), result).increment();
    if (event instanceof WebhookEvent.Status status
        && STATUS_RECORDED.contains(result)
        && MetricNames.STATUS_VALUES.contains(status.status())) {
      statuses(status.status()).increment();
      if ("failed".equals(status.status())) {
        errors(MetricNames.errorCode(status.errorCode())).increment();
      }
    }
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  void delivery(Timer.Sample sample, String result) {
    sample.stop(handover(result));
  }

  private Counter events(String kind, String result) {
    return Counter.builder(EVENTS)
        .description("WhatsApp webhook events by kind and outcome")
        .tag("kind", kind)
        .tag("result", result)
        .register(registry);
  }

  private Timer handover(String result) {
    return Timer.builder(HANDOVER)
        .description("Time from receiving a WhatsApp webhook delivery to answering it")
        .tag("result", result)
        .publishPercentileHistogram()
        .register(registry);
  }

  private Counter statuses(String status) {
    return Counter.builder(MetricNames.MESSAGE_STATUSES).tag("status", status).register(registry);
  }

  private Counter errors(String code) {
    return Counter.builder(MetricNames.MESSAGE_ERRORS)
        .tag("code", code)
        .tag("source", "status")
        .register(registry);
  }

  static String kind(WebhookEvent event) {
    if (event instanceof WebhookEvent.Status) {
      return "status";
    }
    String type = ((WebhookEvent.Message) event).type();
    return switch (type == null ? "" : type) {
      case "button", "interactive", "text" -> type;
      default -> "other";
    };
  }
}
