package io.chatflows.standalone;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The embedded Temporal server keeps workflows in memory: after a restart, conversations the
 * projection still shows as open no longer exist. They are marked {@code interrupted}, never left
 * "waiting" forever.
 */
@Component
class EmbeddedReconciler implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedReconciler.class);

  private final ConversationStore conversations;
  private final ConversationMeters meters;

  EmbeddedReconciler(ConversationStore conversations, ConversationMeters meters) {
    this.conversations = conversations;
    this.meters = meters;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (EmbeddedServers.takeFreshTemporal()) {
      long interrupted = conversations.markOpenAs(ConversationStatus.INTERRUPTED);
      meters.ended(ConversationStatus.INTERRUPTED, interrupted);
      if (interrupted > 0) {
        log.warn(
            "{} conversations were lost with the previous embedded Temporal server; marked interrupted",
            interrupted);
      }
    }
  }
}
