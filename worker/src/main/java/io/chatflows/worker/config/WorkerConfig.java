package io.chatflows.worker.config;

import io.chatflows.store.crypto.UnsealedPayloadException;
import io.chatflows.worker.outbound.HandoffProperties;
import io.chatflows.worker.outbound.OutboundProperties;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's settings; workflow and activity registration is in {@code chatflow-worker.yml}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OutboundProperties.class, HandoffProperties.class})
public class WorkerConfig {

  /**
   * How long a workflow task may hold the CPU before the SDK reports a potential deadlock ({@code
   * CHATFLOW_WORKER_DEADLOCK_DETECTION_TIMEOUT}, default 5 s). The SDK default of 1 s is too tight
   * for a conversation's first task on a loaded 2-core machine (class loading, JSON set-up); the
   * interpreter itself never blocks. {@code CHATFLOW_WORKER_STICKY_SCHEDULE_TO_START_TIMEOUT}
   * (default 5 s, the SDK's) is how long a task waits on this worker's sticky queue before another
   * worker may take it; 0 turns sticky execution off.
   */
  @Bean
  TemporalOptionsCustomizer<WorkerOptions.Builder> workerOptions(
      @Value("${chatflow.worker.deadlock-detection-timeout:5s}") java.time.Duration timeout,
      @Value("${chatflow.worker.sticky-schedule-to-start-timeout:5s}") java.time.Duration sticky) {
    return builder ->
        builder
            .setDefaultDeadlockDetectionTimeout(timeout.toMillis())
            .setStickyQueueScheduleToStartTimeout(sticky);
  }

  /**
   * A conversation started with an input that is not sealed with a known key (sent by someone who
   * reached Temporal without the key) fails at once, before it runs a step, instead of failing its
   * workflow task over and over.
   */
  @Bean
  TemporalOptionsCustomizer<WorkflowImplementationOptions.Builder> refuseUnsealedStarts() {
    return builder -> builder.setFailWorkflowExceptionTypes(UnsealedPayloadException.class);
  }
}
