package io.chatflows.standalone;

import io.chatflows.api.conversation.ConversationReconciler;
import io.chatflows.api.conversation.ConversationResumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The embedded Temporal server keeps workflows in memory: after a restart, conversations the
 * projection still shows as open no longer exist. At start-up, before the web server accepts
 * webhooks (so a contact's click never arrives before its conversation runs again), they are
 * re-created from the projection at their node ({@link ConversationResumer}); with {@code
 * chatflow.embedded.resume-conversations=false} they are marked {@code interrupted} instead.
 * Against a Temporal server that keeps its workflows, open conversations whose run is gone are
 * marked {@code interrupted} ({@link ConversationReconciler}).
 */
@Component
class EmbeddedReconciler implements SmartLifecycle {

  private final ConversationReconciler reconciler;
  private final ConversationResumer resumer;
  private final boolean resume;
  private final int concurrency;
  private volatile boolean running;

  EmbeddedReconciler(
      ConversationReconciler reconciler,
      ConversationResumer resumer,
      @Value("${chatflow.embedded.resume-conversations:true}") boolean resume,
      @Value("${chatflow.embedded.resume-concurrency:4}") int concurrency) {
    this.reconciler = reconciler;
    this.resumer = resumer;
    this.resume = resume;
    this.concurrency = concurrency;
  }

  @Override
  public void start() {
    running = true;
    if (EmbeddedServers.takeFreshTemporal()) {
      if (resume) {
        resumer.resumeAll(concurrency);
      } else {
        reconciler.markAllOpenInterrupted();
      }
    } else {
      reconciler.reconcile();
    }
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server starts (it starts in {@code START_STOP_LIFECYCLE_PHASE}). */
  @Override
  public int getPhase() {
    return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
  }
}
