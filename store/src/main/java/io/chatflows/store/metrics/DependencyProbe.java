package io.chatflows.store.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code chatflow.dependency.up{dependency=mongodb|temporal}}: 1 when the last probe of the
 * dependency answered within {@link #TIMEOUT}, else 0. Every {@link #INTERVAL} this process pings
 * MongoDB and asks the Temporal frontend for its system info, on threads of their own, so a
 * dependency that hangs shows as down after {@link #TIMEOUT} instead of stalling a scrape.
 */
@Component
public class DependencyProbe {

  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MongoTemplate mongo;
  private final ObjectProvider<WorkflowServiceStubs> temporal;
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private ScheduledExecutorService schedule;
  private ExecutorService probes;

  public DependencyProbe(
      MeterRegistry registry, MongoTemplate mongo, ObjectProvider<WorkflowServiceStubs> temporal) {
    this.mongo = mongo;
    this.temporal = temporal;
    for (String dependency : new String[] {"mongodb", "temporal"}) {
      AtomicInteger value = up.computeIfAbsent(dependency, d -> new AtomicInteger());
      Gauge.builder(MetricNames.DEPENDENCY_UP, value, AtomicInteger::get)
          .description("1 when the last probe of the dependency answered in time, else 0")
          .tag("dependency", dependency)
          .register(registry);
    }
  }

  @PostConstruct
  void start() {
    probes =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "dependency-probe");
              thread.setDaemon(true);
              return thread;
            });
    schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "dependency-probes");
              thread.setDaemon(true);
              return thread;
            });
    schedule.scheduleWithFixedDelay(this::probeAll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    schedule.shutdownNow();
    probes.shutdownNow();
  }

  void probeAll() {
    probe("mongodb", () -> mongo.getDb().runCommand(new Document("ping", 1)));
    probe(
        "temporal",
        () -> {
          WorkflowServiceStubs stubs = temporal.getIfAvailable();
          if (stubs == null) {
            throw new IllegalStateException("no Temporal client");
          }
          stubs
              .blockingStub()
              .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        });
  }

  /** Runs one probe unless the last one still hangs; down when it fails or takes too long. */
  private void probe(String dependency, Runnable call) {
    CompletableFuture<Void> last = inFlight.get(dependency);
    if (last != null && !last.isDone()) {
      up.get(dependency).set(0);
      return;
    }
    CompletableFuture<Void> probe = CompletableFuture.runAsync(call, probes);
    inFlight.put(dependency, probe);
    try {
      probe.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      up.get(dependency).set(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      up.get(dependency).set(0);
    }
  }
}
