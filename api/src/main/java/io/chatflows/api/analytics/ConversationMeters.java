package io.chatflows.api.analytics;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The api's conversation meters: starts by source, conversations the api itself closes (a restart
 * replaces a running one; a conversation Temporal no longer knows), and the gauge of open
 * conversations, counted in MongoDB at most once per {@link #REFRESH} however often it is scraped.
 */
@Component
public class ConversationMeters {

  static final Duration REFRESH = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(ConversationMeters.class);
  private static final List<String> OPEN =
      List.of(ConversationStatus.RUNNING.wireName(), ConversationStatus.WAITING.wireName());

  private final MeterRegistry registry;
  private final ConversationStore conversations;
  private long active;
  private long countedAt;
  private boolean counted;

  public ConversationMeters(MeterRegistry registry, ConversationStore conversations) {
    this.registry = registry;
    this.conversations = conversations;
    Gauge.builder(MetricNames.CONVERSATIONS_ACTIVE, this, ConversationMeters::active)
        .description("Open (running or waiting) conversations, counted at most every 10 s")
        .strongReference(true)
        .register(registry);
  }

  /** A conversation started; {@code fromWebhook} when a contact's click started it. */
  public void started(boolean fromWebhook) {
    Counter.builder(MetricNames.CONVERSATIONS_STARTED)
        .tag("source", fromWebhook ? "webhook" : "api")
        .register(registry)
        .increment();
  }

  /** {@code count} conversations were closed as {@code outcome} outside their workflow. */
  public void ended(ConversationStatus outcome, long count) {
    if (count > 0) {
      Counter.builder(MetricNames.CONVERSATIONS_ENDED)
          .tag("outcome", outcome.wireName())
          .register(registry)
          .increment(count);
    }
  }

  synchronized double active() {
    long now = System.nanoTime();
    if (!counted || now - countedAt >= REFRESH.toNanos()) {
      try {
        active = conversations.count(where("status").in(OPEN));
      } catch (RuntimeException e) {
        log.debug("counting open conversations failed; keeping the last count", e);
      }
      counted = true;
      countedAt = now;
    }
    return active;
  }
}
