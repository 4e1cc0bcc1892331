package io.chatflows.worker.metrics;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.SendErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Counts send attempts ({@code chatflow.messages.sent}) by message kind, outcome ({@code sent},
 * {@code retryable_error}, {@code permanent_error}) and channel mode ({@code cloud_api}, {@code
 * sandbox}). Every activity attempt counts once, so a send retried twice and then accepted shows
 * two retryable errors and one sent.
 */
@Component
public class SendMetrics {

  private final MeterRegistry registry;
  private final ChannelStore channels;

  public SendMetrics(MeterRegistry registry, ChannelStore channels) {
    this.registry = registry;
    this.channels = channels;
  }

  /** Runs one send attempt of a {@code kind} message and counts its outcome. */
  public <T> T attempt(String kind, String workspaceId, String channelId, Supplier<T> send) {
    String outcome = "retryable_error";
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
      Counter.builder(MetricNames.MESSAGES_SENT)
          .tag("kind", kind)
          .tag("outcome", outcome)
          .tag("mode", mode(workspaceId, channelId))
          .register(registry)
          .increment();
    }
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
