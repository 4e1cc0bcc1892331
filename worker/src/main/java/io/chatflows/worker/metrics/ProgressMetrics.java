package io.chatflows.worker.metrics;

import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.metrics.FlowLabels;
import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what conversations do, per flow, from the progress updates the projection applied: node
 * entries by node type, edges taken by trigger, replies that moved no edge, and conversations ended
 * by outcome. Only applied updates are counted, so a retried update (which the projection ignores)
 * never counts twice.
 *
 * <p>A flow's series are all registered at zero the first time this process meets the flow, and at
 * start-up for the flows that started conversations in the last {@link #RECENT} days, so {@code
 * increase()} sees their first events.
 */
@Component
public class ProgressMetrics {

  static final Duration RECENT = Duration.ofDays(7);

  private static final Logger log = LoggerFactory.getLogger(ProgressMetrics.class);

  private static final List<String> TRIGGERS =
      Arrays.stream(Trigger.values()).map(Trigger::wireName).toList();
  private static final Set<String> KNOWN_TRIGGERS = Set.copyOf(TRIGGERS);
  private static final List<String> NODE_TYPES =
      Stream.concat(MetricNames.NODE_TYPES.stream(), Stream.of("other")).sorted().toList();
  private static final List<String> OUTCOMES =
      Arrays.stream(ConversationStatus.values())
          .filter(s -> !s.isOpen())
          .map(ConversationStatus::wireName)
          .collect(Collectors.toList());

  private static final Set<String> HANDOFF_OUTCOMES = Set.of("resumed", "ended", "timeout");

  private final MeterRegistry registry;
  private final FlowLabels flows;
  private final ConversationStore conversations;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public ProgressMetrics(
      MeterRegistry registry, FlowLabels flows, ConversationStore conversations) {
    this.registry = registry;
    this.flows = flows;
    this.conversations = conversations;
  }

  /** Registers the series of recently used flows, so their first events after a restart count. */
  @EventListener(ApplicationReadyEvent.class)
  public void registerRecentFlows() {
    try {
      conversations
          .flowsStartedSince(Instant.now().minus(RECENT), Integer.MAX_VALUE)
          .forEach(this::flow);
    } catch (RuntimeException e) {
      log.warn("could not register the series of recent flows: {}", e.toString());
    }
  }

  /** Records an update that {@code ConversationStore.apply} applied. */
  public void applied(ProgressUpdate update) {
    String flow = flow(update.flowId());
    for (Step step : update.steps()) {
      switch (step.kind()) {
        case StepKind.NODE_ENTERED ->
            counter(
                    MetricNames.NODE_ENTRIES,
                    flow,
                    "type",
                    MetricNames.bounded(step.detail(), MetricNames.NODE_TYPES))
                .increment();
        case StepKind.EDGE_TAKEN ->
            counter(
                    MetricNames.EDGES_TAKEN,
                    flow,
                    "trigger",
                    MetricNames.bounded(step.trigger(), KNOWN_TRIGGERS))
                .increment();
        case StepKind.UNMATCHED_REPLY ->
            counter(
                    MetricNames.REPLIES_UNMATCHED,
                    flow,
                    "kind",
                    "after_end".equals(step.trigger()) ? "after_end" : "unmatched")
                .increment();
        case StepKind.HANDOFF_ENDED ->
            handoffSeconds(flow, MetricNames.bounded(step.trigger(), HANDOFF_OUTCOMES))
                .record(seconds(step.detail()));
        case StepKind.STALE_CLICK ->
            counter(MetricNames.REPLIES_UNMATCHED, flow, "kind", "stale_click").increment();
        default -> {}
      }
    }
    if (!update.status().isOpen()) {
      counter(MetricNames.CONVERSATIONS_ENDED, flow, "outcome", update.status().wireName())
          .increment();
    }
  }

  /** The flow's label; the first time, every series of the flow is registered at zero. */
  private String flow(String flowId) {
    String flow = flows.of(flowId);
    if (registered.add(flow)) {
      NODE_TYPES.forEach(type -> counter(MetricNames.NODE_ENTRIES, flow, "type", type));
      TRIGGERS.forEach(trigger -> counter(MetricNames.EDGES_TAKEN, flow, "trigger", trigger));
      MetricNames.UNMATCHED_KINDS.forEach(
          kind -> counter(MetricNames.REPLIES_UNMATCHED, flow, "kind", kind));
      OUTCOMES.forEach(
          outcome -> counter(MetricNames.CONVERSATIONS_ENDED, flow, "outcome", outcome));
      HANDOFF_OUTCOMES.forEach(outcome -> handoffSeconds(flow, outcome));
    }
    return flow;
  }

  private DistributionSummary handoffSeconds(String flow, String outcome) {
    return DistributionSummary.builder(MetricNames.HANDOFF_SECONDS)
        .baseUnit("seconds")
        .publishPercentileHistogram()
        .tag("flow", flow)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static long seconds(String detail) {
    try {
      return Long.parseLong(detail);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Counter counter(String name, String flow, String tag, String value) {
    return Counter.builder(name).tag("flow", flow).tag(tag, value).register(registry);
  }
}
