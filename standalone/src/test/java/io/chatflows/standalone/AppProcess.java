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
   * The exec jar of {@code module} built by this build: {@code
   * <module>/target/chat-flows-<module>-<version>-exec.jar}, the version being the one Maven passes
   * as {@code chatflow.project.version}; never an older jar that happens to lie there, and never
   * one older than the module's compiled classes (a stale package).
   */
  static Path jar(String module) {
    String version = System.getProperty("chatflow.project.version");
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "chatflow.project.version is not set: run the fault tests through Maven (the build names"
              + " the version whose jars they start)");
    }
    Path target = Path.of("..", module, "target");
    Path jar = target.resolve("chat-flows-" + module + "-" + version + "-exec.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no "
              + jar.toAbsolutePath().normalize()
              + ": run the reactor build (./mvnw -B verify, or -pl standalone -am verify) so this"
              + " build's jar exists");
    }
    try (Stream<Path> classes = Files.walk(target.resolve("classes"))) {
      long newestClass =
          classes
              .filter(Files::isRegularFile)
              .mapToLong(p -> p.toFile().lastModified())
              .max()
              .orElse(0);
      if (jar.toFile().lastModified() < newestClass) {
        throw new IllegalStateException(
            jar.toAbsolutePath().normalize()
                + " is older than the module's compiled classes: package "
                + module
                + " again (-pl standalone -am verify)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  static AppProcess start(String name, String module, int port, Map<String, String> env) {
    return startJar(name, jar(module), port, env);
  }

  /** The embedded default, {@code standalone/target/chat-flows.jar} (tests run after package). */
  static AppProcess standalone(String name, int port, Map<String, String> env) {
    return startJar(name, Path.of("target", "chat-flows.jar"), port, env);
  }

  /** Starts {@code jar} as its own process; output to {@code target/faults/<name>.log}. */
  static AppProcess startJar(String name, Path jar, int port, Map<String, String> env) {
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

  boolean alive() {
    return process.isAlive();
  }

  String name() {
    return name;
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
