package io.chatflows.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The REST API and the WhatsApp webhook bridge. A Temporal client only: it starts and signals
 * conversations but runs none. Keeps no state of its own, so replicas can run side by side.
 */
@SpringBootApplication(scanBasePackages = {"io.chatflows.api", "io.chatflows.store"})
public class ApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }
}
