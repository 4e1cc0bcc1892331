package io.chatflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link DurableFloor} as a child JVM with the app's JVM flags: {@code java -jar
 * chat-flows-bench.jar floor …}, connected to the benchmark's Temporal server and sending to the
 * same stand-in. Its webhook endpoint is reached like the app's ({@link Api#webhook}).
 */
final class FloorProcess implements AutoCloseable {

  private final Process process;
  final int port;
  final Path log;

  FloorProcess(Path benchJar, String temporalTarget, String standInBase, List<String> jvmFlags)
      throws IOException {
    port = AppProcess.freePort();
    Path work = Files.createDirectories(Path.of("bench", "target", "run"));
    log = work.resolve("floor.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(AppProcess.JVM_FLAGS.split(" ")));
    command.addAll(jvmFlags);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.addAll(
        List.of(
            "-jar",
            benchJar.toString(),
            "floor",
            String.valueOf(port),
            temporalTarget,
            standInBase,
            work.resolve("floor-data-" + System.currentTimeMillis()).toString()));
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Signed webhooks to the floor, like {@link AppProcess#api()} to the app. */
  long pid() {
    return process.pid();
  }

  Api api() {
    return new Api(port, null, AppProcess.APP_SECRET);
  }

  /** How many steps the floor recorded (sends and text records), start sends included. */
  long records() {
    return Long.parseLong(api().get("/records").ok().body().trim());
  }

  /** How many step records the floor's product writes made (start steps included). */
  long steps() {
    return Long.parseLong(api().get("/steps").ok().body().trim());
  }

  void awaitListening(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the floor exited; see " + log);
      }
      try {
        records();
        return;
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the floor did not listen within " + timeout + "; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
