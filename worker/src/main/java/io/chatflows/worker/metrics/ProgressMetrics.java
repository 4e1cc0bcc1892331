package io.chatflows.worker.metrics;

import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Counts what conversations do, from the progress updates the projection applied: node entries by
 * node type, edges taken by trigger, and conversations ended by outcome. Only applied updates are
 * counted, so a retried update (which the projection ignores) never counts twice.
 */
@Component
public class ProgressMetrics {

  private static final Set<String> TRIGGERS =
      Arrays.stream(Trigger.values()).map(Trigger::wireName).collect(Collectors.toSet());

  private final MeterRegistry registry;

  public ProgressMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records an update that {@code ConversationStore.apply} applied. */
  public void applied(ProgressUpdate update) {
    for (Step step : update.steps()) {
      switch (step.kind()) {
        case StepKind.NODE_ENTERED ->
            counter(
                    MetricNames.NODE_ENTRIES,
                    "type",
                    MetricNames.bounded(step.detail(), MetricNames.NODE_TYPES))
                .increment();
        case StepKind.EDGE_TAKEN ->
            counter(
                    MetricNames.EDGES_TAKEN,
                    "trigger",
                    MetricNames.bounded(step.trigger(), TRIGGERS))
                .increment();
        default -> {}
      }
    }
    if (!update.status().isOpen()) {
      counter(MetricNames.CONVERSATIONS_ENDED, "outcome", update.status().wireName()).increment();
    }
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(registry);
  }
}
