package io.chatflows.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Temporal worker: runs conversation workflows and their activities. Keeps no state of its own,
 * so any number of replicas can poll the same task queue.
 */
@SpringBootApplication(scanBasePackages = {"io.chatflows.worker", "io.chatflows.store"})
public class WorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
