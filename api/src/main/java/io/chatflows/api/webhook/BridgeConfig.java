package io.chatflows.api.webhook;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bridge's settings and the timer thread that enforces hand-over deadlines. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BridgeProperties.class)
class BridgeConfig {

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService bridgeDeadlines() {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, "webhook-handover-deadlines");
          thread.setDaemon(true);
          return thread;
        });
  }
}
