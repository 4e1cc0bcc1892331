package io.chatflows.standalone;

import io.chatflows.api.ApiApplication;
import io.chatflows.worker.WorkerApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The embedded default: the api and an in-process worker in one JVM, on an embedded Temporal server
 * and an embedded MongoDB-wire server unless {@code CHATFLOW_TEMPORAL_TARGET} / {@code
 * SPRING_MONGODB_URI} point elsewhere (see {@link EmbeddedServers}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "io.chatflows",
    excludeFilters =
        @ComponentScan.Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = {ApiApplication.class, WorkerApplication.class}))
public class StandaloneApplication {

  public static void main(String[] args) {
    SpringApplication.run(StandaloneApplication.class, args);
  }
}
