package io.chatflows.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app under test: {@code standalone/target/chat-flows.jar} (StandaloneApplication) as a child
 * JVM with its embedded MongoDB-wire server (H2 backend in a fresh data directory, or in memory),
 * connected to the benchmark's Temporal server, sending to the Graph API stand-in.
 */
final class AppProcess implements AutoCloseable {

  static final String TOKEN = "bench-token";
  static final String ADMIN_TOKEN = "bench-admin-token";
  static final String APP_SECRET = "bench-app-secret";
  static final String JVM_FLAGS = "-Xms512m -Xmx2g -XX:+UseG1GC";

  private final Process process;
  final int port;
  final int mongoPort;
  final Path log;

  AppProcess(Path jar, String temporalTarget, String graphBaseUrl, Settings settings)
      throws IOException {
    port = freePort();
    mongoPort = freePort();
    Path work = Files.createDirectories(Path.of("bench", "target", "run"));
    log = work.resolve("app.log");
    Path data = work.resolve("data-" + System.currentTimeMillis());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(JVM_FLAGS.split(" ")));
    command.addAll(settings.jvmFlags());
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--chatflow.embedded.temporal.enabled=false",
            "--spring.temporal.connection.target=" + temporalTarget,
            "--spring.temporal.workflow-cache.max-instances=" + settings.workflowCache(),
            "--spring.temporal.workflow-cache.max-threads=" + settings.workflowCache(),
            "--chatflow.embedded.mongo.enabled=true",
            "--chatflow.embedded.mongo.port=" + mongoPort,
            "--chatflow.admin-token=" + ADMIN_TOKEN,
            "--chatflow.analytics.backfill-partition=" + settings.backfillPartition(),
            // The embedded server answers a scan of 100,000 documents in about 10 s: long enough
            // for the backfill's passes and B7's unindexed lists, not a default to ship.
            "--chatflow.store.read-timeout=" + settings.readTimeout(),
            "--chatflow.embedded.mongo.in-memory=" + settings.inMemoryMongo(),
            "--chatflow.embedded.data-dir=" + data,
            "--chatflow.bootstrap.token=" + TOKEN,
            "--chatflow.bootstrap.channel.mode=cloud_api",
            "--chatflow.bootstrap.channel.phone-number-id=" + Payloads.PHONE_NUMBER_ID,
            "--chatflow.bootstrap.channel.app-secret=" + APP_SECRET,
            "--chatflow.bootstrap.channel.access-token=bench-access-token",
            "--chatflow.bootstrap.channel.verify-token=bench-verify-token",
            "--chatflow.whatsapp.graph-base-url=" + graphBaseUrl,
            "--logging.level.root=WARN"));
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Child JVM settings under test. */
  record Settings(
      int workflowCache,
      boolean inMemoryMongo,
      int backfillPartition,
      String readTimeout,
      List<String> jvmFlags) {}

  Api api() {
    return new Api(port, TOKEN, APP_SECRET);
  }

  /** The operator's endpoints (the admin token). */
  Api admin() {
    return new Api(port, ADMIN_TOKEN, APP_SECRET);
  }

  /** The app's embedded MongoDB, reached over its wire protocol on 127.0.0.1. */
  String mongoUri() {
    return "mongodb://127.0.0.1:" + mongoPort + "/chatflows";
  }

  void awaitHealthy(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Api api = new Api(port, null, APP_SECRET);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the app exited; see " + log);
      }
      try {
        if (api.get("/actuator/health").body().contains("\"UP\"")) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the app was not healthy within " + timeout + "; see " + log);
  }

  /** The app's just-in-time compilation time so far, ms (its {@code jvm.compilation.time}). */
  double compilationMillis() {
    for (String line : api().get("/actuator/prometheus").ok().body().split("\n")) {
      if (line.startsWith("jvm_compilation_time_ms_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new IllegalStateException("the app reports no jvm_compilation_time_ms_total");
  }

  private static final Pattern COMMAND_COUNT =
      Pattern.compile(
          "^mongodb_driver_commands_seconds_count\\{.*collection=\"([^\"]*)\".*command=\"([^\"]*)\".*\\} (\\S+)$");

  /**
   * The MongoDB commands the app has sent so far, by {@code collection command} (its {@code
   * mongodb.driver.commands} timer's counts).
   */
  java.util.Map<String, Long> mongoCommands() {
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    for (String line : api().get("/actuator/prometheus").ok().body().split("\n")) {
      Matcher m = COMMAND_COUNT.matcher(line);
      if (m.matches()) {
        counts.merge(
            m.group(1) + " " + m.group(2), (long) Double.parseDouble(m.group(3)), Long::sum);
      }
    }
    return counts;
  }

  long pid() {
    return process.pid();
  }

  /**
   * The live heap, in bytes: the total of {@code jcmd GC.class_histogram}, which counts the objects
   * a full GC left, in one step. Reading {@code GC.heap_info} after {@code GC.run} instead counted
   * whatever the busy app allocated between the two commands (up to 200 MB more than the GC log's
   * heap after the collection).
   */
  long heapAfterGc() {
    Matcher total =
        Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(jcmd("GC.class_histogram"));
    if (!total.find()) {
      throw new IllegalStateException("no heap figure from jcmd");
    }
    return Long.parseLong(total.group(1));
  }

  String jcmd(String command) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  String.valueOf(process.pid()),
                  command)
              .redirectErrorStream(true)
              .start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      jcmd.waitFor();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  static Path existing(String path) {
    File file = new File(path);
    if (!file.isFile()) {
      throw new IllegalArgumentException(
          path + " not found: build it first (see BENCHMARKS.md) and run from the repository root");
    }
    return file.toPath();
  }
}
