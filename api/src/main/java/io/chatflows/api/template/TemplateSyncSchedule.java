package io.chatflows.api.template;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Syncs every workspace's templates from its channels' business accounts every {@code
 * chatflow.templates.sync-interval} ({@code CHATFLOW_TEMPLATES_SYNC_INTERVAL}, 6 hours by default;
 * {@code 0} turns it off), the first time one interval after start-up. A workspace whose sync fails
 * is logged and tried again at the next round; the others are synced regardless. Each api replica
 * runs it: syncs are idempotent.
 */
@Component
class TemplateSyncSchedule implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(TemplateSyncSchedule.class);

  private final TemplateSync sync;
  private final ChannelStore channels;
  private final Duration interval;
  private ScheduledExecutorService timer;

  TemplateSyncSchedule(
      TemplateSync sync,
      ChannelStore channels,
      @Value("${chatflow.templates.sync-interval:6h}") Duration interval) {
    this.sync = sync;
    this.channels = channels;
    this.interval = interval;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (interval.isZero() || interval.isNegative() || timer != null) {
      log.info("scheduled template sync is off (chatflow.templates.sync-interval={})", interval);
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "template-sync");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::syncAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One round: every workspace that has a channel naming its business account. */
  void syncAll() {
    Map<String, List<ChannelDocument>> byWorkspace = new TreeMap<>();
    try {
      for (ChannelDocument channel : channels.withWabaId()) {
        byWorkspace
            .computeIfAbsent(channel.workspaceId(), w -> new java.util.ArrayList<>())
            .add(channel);
      }
    } catch (RuntimeException e) {
      log.warn("scheduled template sync could not read the channels: {}", e.toString());
      return;
    }
    byWorkspace.forEach(
        (workspaceId, list) -> {
          try {
            sync.sync(workspaceId, list);
          } catch (RuntimeException e) {
            log.warn(
                "scheduled template sync of workspace {} failed: {}", workspaceId, e.getMessage());
          }
        });
  }

  @Override
  public void destroy() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
