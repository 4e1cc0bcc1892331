package io.chatflows.api.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The bridge's metrics; names and tags are fixed because dashboards rely on them. No contact or
 * message ids as tags.
 *
 * <ul>
 *   <li>{@code chatflow.webhook.events} (counter): {@code kind} = button, interactive, text,
 *       status, other; {@code result} = the outcome of the event
 *   <li>{@code chatflow.webhook.handover} (timer with a percentile histogram): one whole POST
 *       delivery from receipt to answer; {@code result} = ok, error, unauthorized
 * </ul>
 */
@Component
class WebhookMetrics {

  static final String EVENTS = "chatflow.webhook.events";
  static final String HANDOVER = "chatflow.webhook.handover";

  private final MeterRegistry registry;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void event(WebhookEvent event, String result) {
    Counter.builder(EVENTS)
        .description("WhatsApp webhook events by kind and outcome")
        .tag("kind", kind(event))
        .tag("result", result)
        .register(registry)
        .increment();
  }

  Timer.Sample start() {
    return Timer.start(registry);
  }

  void delivery(Timer.Sample sample, String result) {
    sample.stop(
        Timer.builder(HANDOVER)
            .description("Time from receiving a WhatsApp webhook delivery to answering it")
            .tag("result", result)
            .publishPercentileHistogram()
            .register(registry));
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
