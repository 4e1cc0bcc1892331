package io.chatflows.worker.metrics;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.SendErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The worker's send meters. {@code chatflow.messages.sent} counts send attempts by message kind,
 * outcome ({@code sent}, {@code retryable_error}, {@code permanent_error}, and {@code
 * window_closed} for a text or session message refused outside the 24-hour window) and channel
 * mode; {@code chatflow.message.send} times each attempt (templates go out as local activities,
 * which the SDK's activity latency does not show); {@code chatflow.message.errors} counts the Graph
 * API's refusals by WhatsApp error code. Every activity attempt counts once, so a send retried
 * twice and then accepted shows two retryable errors and one sent. All series are registered at
 * zero.
 */
@Component
public class SendMetrics {

  private static final List<String> KINDS = List.of("template", "text", "session");
  private static final List<String> MODES =
      List.of(ChannelDocument.CLOUD_API, ChannelDocument.SANDBOX, "unknown");

  private final MeterRegistry registry;
  private final ChannelStore channels;

  public SendMetrics(MeterRegistry registry, ChannelStore channels) {
    this.registry = registry;
    this.channels = channels;
    for (String kind : KINDS) {
      for (String outcome : MetricNames.SEND_OUTCOMES) {
        MODES.forEach(mode -> sent(kind, outcome, mode));
        timer(kind, outcome);
      }
    }
    MetricNames.ERROR_CODES.forEach(this::errors);
  }

  /** Runs one send attempt of a {@code kind} message and counts and times its outcome. */
  public <T> T attempt(String kind, String workspaceId, String channelId, Supplier<T> send) {
    String outcome = "retryable_error";
    Timer.Sample sample = Timer.start(registry);
    try {
      T result = send.get();
      outcome = "sent";
      return result;
    } catch (ApplicationFailure failure) {
      if (failure.isNonRetryable() || SendErrors.PERMANENT.equals(failure.getType())) {
        outcome = "permanent_error";
      }
      throw failure;
    } finally {
      sample.stop(timer(kind, outcome));
      sent(kind, outcome, mode(workspaceId, channelId)).increment();
    }
  }

  /** A send refused before any attempt because the contact's 24-hour window is closed. */
  public void windowClosed(String kind, String workspaceId, String channelId) {
    sent(kind, "window_closed", mode(workspaceId, channelId)).increment();
  }

  /**
   * The Graph API refused a send: {@code code} is WhatsApp's error code, or {@code http_429},
   * {@code http_5xx}, {@code unreachable}.
   */
  public void graphApiError(Object code) {
    errors(MetricNames.errorCode(code)).increment();
  }

  private Counter sent(String kind, String outcome, String mode) {
    return Counter.builder(MetricNames.MESSAGES_SENT)
        .tag("kind", kind)
        .tag("outcome", outcome)
        .tag("mode", mode)
        .register(registry);
  }

  private Timer timer(String kind, String outcome) {
    return Timer.builder(MetricNames.MESSAGE_SEND)
        .description("One send attempt, from the activity to WhatsApp's or the outbox's answer")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry);
  }

  private Counter errors(String code) {
    return Counter.builder(MetricNames.MESSAGE_ERRORS)
        .tag("code", code)
        .tag("source", "send")
        .register(registry);
  }

  private String mode(String workspaceId, String channelId) {
    try {
      return channels
          .find(workspaceId, channelId)
          .map(c -> c.sandbox() ? ChannelDocument.SANDBOX : ChannelDocument.CLOUD_API)
          .orElse("unknown");
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
