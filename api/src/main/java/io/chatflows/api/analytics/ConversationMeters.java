package io.chatflows.api.analytics;

import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.metrics.FlowLabels;
import io.chatflows.store.metrics.MetricNames;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The api's conversation meters: starts by flow and source, conversations the api itself closes (a
 * restart replaces a running one; a conversation Temporal no longer knows), and gauges of the open
 * conversations per flow, counted in MongoDB every {@link #REFRESH} (longer after a slow count:
 * {@link #pauseAfter}) by a thread of their own: running and waiting, the age of the oldest waiting
 * one, those waiting more than {@link #OVERDUE_GRACE} past their reply timeout, and those whose
 * workflow task keeps failing. Every api replica reports the same gauges (use {@code max}).
 */
@Component
public class ConversationMeters {

  static final Duration REFRESH = Duration.ofSeconds(10);

  /**
   * The counting waits at least this many times as long as it took before it runs again, so the
   * gauges use at most a twentieth of one core however many conversations are open (counting them
   * reads each open conversation; with hundreds of thousands open a refresh takes seconds).
   */
  static final int PAUSE_PER_COUNTING_TIME = 19;

  /** A wait whose timer should have fired this long ago is overdue. */
  static final Duration OVERDUE_GRACE = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ConversationMeters.class);
  private static final List<ConversationStatus> OPEN =
      Arrays.stream(ConversationStatus.values()).filter(ConversationStatus::isOpen).toList();
  private static final List<String> OUTCOMES =
      Arrays.stream(ConversationStatus.values())
          .filter(s -> !s.isOpen())
          .map(ConversationStatus::wireName)
          .toList();

  private final MeterRegistry registry;
  private final ConversationStore conversations;
  private final FlowLabels flows;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private final MultiGauge active;
  private final MultiGauge oldestWaiting;
  private final MultiGauge overdue;
  private final MultiGauge stuck;
  private ScheduledExecutorService refresher;

  public ConversationMeters(
      MeterRegistry registry, ConversationStore conversations, FlowLabels flows) {
    this.registry = registry;
    this.conversations = conversations;
    this.flows = flows;
    this.active =
        MultiGauge.builder(MetricNames.CONVERSATIONS_ACTIVE)
            .description("Open conversations by flow and status, counted every 10 s or less often")
            .register(registry);
    this.oldestWaiting =
        MultiGauge.builder(MetricNames.CONVERSATIONS_OLDEST_WAITING)
            .description("Age of the oldest conversation waiting for a reply, by flow")
            .baseUnit("seconds")
            .register(registry);
    this.overdue =
        MultiGauge.builder(MetricNames.CONVERSATIONS_OVERDUE)
            .description("Waiting conversations more than a minute past their reply timeout")
            .register(registry);
    this.stuck =
        MultiGauge.builder(MetricNames.CONVERSATIONS_STUCK)
            .description("Open conversations whose workflow task failed repeatedly")
            .register(registry);
  }

  @PostConstruct
  void startRefreshing() {
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "conversation-meters");
              thread.setDaemon(true);
              return thread;
            });
    refresher.execute(this::refreshAndReschedule);
  }

  private void refreshAndReschedule() {
    long start = System.nanoTime();
    refresh();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Duration pause = pauseAfter(took);
    if (pause.compareTo(REFRESH) > 0) {
      log.debug("counting open conversations took {}; the next count in {}", took, pause);
    }
    if (!refresher.isShutdown()) {
      refresher.schedule(this::refreshAndReschedule, pause.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The pause before the next count: {@link #REFRESH}, longer after a slow count. */
  static Duration pauseAfter(Duration took) {
    Duration proportional = took.multipliedBy(PAUSE_PER_COUNTING_TIME);
    return proportional.compareTo(REFRESH) > 0 ? proportional : REFRESH;
  }

  @PreDestroy
  void stopRefreshing() {
    refresher.shutdownNow();
  }

  /** Registers the series of recently used flows, so their first starts after a restart count. */
  @EventListener(ApplicationReadyEvent.class)
  public void registerRecentFlows() {
    try {
      conversations
          .flowsStartedSince(Instant.now().minus(Duration.ofDays(7)), Integer.MAX_VALUE)
          .forEach(this::flow);
    } catch (RuntimeException e) {
      log.warn("could not register the series of recent flows: {}", e.toString());
    }
  }

  /** A conversation of {@code flowId} started; {@code fromWebhook} when a contact's click did. */
  public void started(String flowId, boolean fromWebhook) {
    started(flow(flowId), fromWebhook ? "webhook" : "api").increment();
  }

  /** {@code count} conversations of {@code flowId} were closed as {@code outcome} by the api. */
  public void ended(String flowId, ConversationStatus outcome, long count) {
    if (count > 0) {
      ended(flow(flowId), outcome.wireName()).increment(count);
    }
  }

  /** The flow's label; the first time, its counters are registered at zero. */
  private String flow(String flowId) {
    String flow = flows.of(flowId);
    if (registered.add(flow)) {
      MetricNames.START_SOURCES.forEach(source -> started(flow, source));
      OUTCOMES.forEach(outcome -> ended(flow, outcome));
    }
    return flow;
  }

  private Counter started(String flow, String source) {
    return Counter.builder(MetricNames.CONVERSATIONS_STARTED)
        .tag("flow", flow)
        .tag("source", source)
        .register(registry);
  }

  private Counter ended(String flow, String outcome) {
    return Counter.builder(MetricNames.CONVERSATIONS_ENDED)
        .tag("flow", flow)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Counts the open conversations and replaces the gauges' rows (flows without any drop out). */
  void refresh() {
    try {
      Instant now = Instant.now();
      Map<String, long[]> open = new TreeMap<>();
      Map<String, Double> oldest = new TreeMap<>();
      for (ConversationStore.OpenCounts row : conversations.openCounts()) {
        String flow = flows.of(row.flowId());
        long[] counts = open.computeIfAbsent(flow, f -> new long[OPEN.size()]);
        boolean waiting = row.status() == ConversationStatus.WAITING;
        counts[OPEN.indexOf(row.status())] += row.count();
        if (waiting && row.oldestStart() != null) {
          double age = Math.max(0, Duration.between(row.oldestStart(), now).toMillis() / 1000.0);
          oldest.merge(flow, age, Math::max);
        }
      }
      Map<String, Long> late =
          byLabel(
              conversations.countByFlow(
                  ConversationQuery.everywhere().waitingPast(now.minus(OVERDUE_GRACE)).build()));
      Map<String, Long> failing =
          byLabel(conversations.countByFlow(ConversationQuery.everywhere().stuck().build()));
      List<MultiGauge.Row<?>> activeRows = new ArrayList<>();
      List<MultiGauge.Row<?>> oldestRows = new ArrayList<>();
      List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
      List<MultiGauge.Row<?>> stuckRows = new ArrayList<>();
      open.forEach(
          (flow, counts) -> {
            for (int i = 0; i < OPEN.size(); i++) {
              activeRows.add(
                  MultiGauge.Row.of(
                      Tags.of("flow", flow, "status", OPEN.get(i).wireName()), counts[i]));
            }
            oldestRows.add(
                MultiGauge.Row.of(Tags.of("flow", flow), oldest.getOrDefault(flow, 0.0)));
            overdueRows.add(MultiGauge.Row.of(Tags.of("flow", flow), late.getOrDefault(flow, 0L)));
            stuckRows.add(MultiGauge.Row.of(Tags.of("flow", flow), failing.getOrDefault(flow, 0L)));
          });
      active.register(activeRows, true);
      oldestWaiting.register(oldestRows, true);
      overdue.register(overdueRows, true);
      stuck.register(stuckRows, true);
    } catch (RuntimeException e) {
      log.debug("counting open conversations failed; keeping the last counts", e);
    }
  }

  private Map<String, Long> byLabel(Map<String, Long> byFlowId) {
    Map<String, Long> counts = new TreeMap<>();
    byFlowId.forEach((flowId, count) -> counts.merge(flows.of(flowId), count, Long::sum));
    return counts;
  }
}
