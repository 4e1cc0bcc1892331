package io.chatflows.store.analytics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The process's {@link CounterFolder}: folds in the background, and folds what waits on close. */
@Configuration(proxyBeanMethods = false)
class CounterFolderConfig {

  @Bean(destroyMethod = "close")
  CounterFolder counterFolder(FlowCounters counters) {
    return CounterFolder.background(counters);
  }
}
