package io.chatflows.standalone;

import io.chatflows.api.conversation.ConversationReconciler;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The embedded Temporal server keeps workflows in memory: after a restart, conversations the
 * projection still shows as open no longer exist. At start-up they are marked {@code interrupted},
 * never left "waiting" forever.
 */
@Component
class EmbeddedReconciler implements ApplicationRunner {

  private final ConversationReconciler reconciler;

  EmbeddedReconciler(ConversationReconciler reconciler) {
    this.reconciler = reconciler;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (EmbeddedServers.takeFreshTemporal()) {
      reconciler.markAllOpenInterrupted();
    } else {
      reconciler.reconcile();
    }
  }
}
