package io.chatflows.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The benchmark JVM's own garbage collections (it hosts the Temporal server and sends the load), to
 * tell its pauses from the app's (bench/target/run/app-gc.log): one line per collection with its
 * end time, collector, action, cause and duration, in bench/target/run/bench-gc.log.
 */
final class PauseLog {

  private PauseLog() {}

  static void start(Path file) {
    Writer out;
    try {
      Files.createDirectories(file.getParent());
      out = Files.newBufferedWriter(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long startMillis =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getUptime();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                String line =
                    "%s %s %s (%s) %d ms%n"
                        .formatted(
                            Instant.ofEpochMilli(startMillis + info.getGcInfo().getEndTime()),
                            info.getGcName(),
                            info.getGcAction(),
                            info.getGcCause(),
                            info.getGcInfo().getDuration());
                synchronized (out) {
                  try {
                    out.write(line);
                    out.flush();
                  } catch (IOException e) {
                    // a lost line of a diagnostic log
                  }
                }
              },
              null,
              null);
    }
  }
}
