package io.chatflows.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Chat Flows app (api or worker) running as its own OS process from its repackaged jar, output to
 * a log file under {@code target/faults/}. {@link #kill()} is SIGKILL on Linux.
 */
final class AppProcess {

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;

  private AppProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * The newest {@code <module>/target/chat-flows-<module>-*-exec.jar}, built by {@code package}.
   */
  static Path jar(String module) {
    Path dir = Path.of("..", module, "target");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              p -> p.getFileName().toString().matches("chat-flows-" + module + "-.*-exec\\.jar"))
          .max(Comparator.comparing(p -> p.toFile().lastModified()))
          .orElseThrow(() -> new IllegalStateException("no exec jar in " + dir.toAbsolutePath()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "run the reactor build (./mvnw -B verify) so " + dir + " holds the exec jar", e);
    }
  }

  static AppProcess start(String name, String module, int port, Map<String, String> env) {
    return start(name, jar(module), port, env);
  }

  /** The embedded default, {@code standalone/target/chat-flows.jar} (tests run after package). */
  static AppProcess standalone(String name, int port, Map<String, String> env) {
    return start(name, Path.of("target", "chat-flows.jar"), port, env);
  }

  static AppProcess start(String name, Path jar, int port, Map<String, String> env) {
    Path log = Path.of("target", "faults", name + ".log");
    try {
      Files.createDirectories(log.getParent());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx320m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      builder.environment().put("SERVER_PORT", Integer.toString(port));
      AppProcess app = new AppProcess(name, port, log, builder.start());
      Runtime.getRuntime().addShutdownHook(new Thread(app.process::destroyForcibly));
      return app;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /** Waits until {@code /actuator/health} says UP; fails with the log's tail otherwise. */
  AppProcess awaitHealthy(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      Waits.pause(Duration.ofMillis(250));
    }
    throw new AssertionError(name + " not healthy within " + timeout + ":\n" + tail());
  }

  /** SIGKILL: no shutdown hooks, no graceful worker shutdown. */
  void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM, then SIGKILL if it does not exit within 15 s. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last 60 lines of the output. */
  String tail() {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
