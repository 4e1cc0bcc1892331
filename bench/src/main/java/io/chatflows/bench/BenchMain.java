package io.chatflows.bench;

import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs the benchmarks (BENCHMARKS.md) side by side in one run and writes the results table to
 * {@code bench/target/bench-results.md}. Settings are system properties: {@code bench.only}
 * (B1,B2,B3,B4,B5,B6; B6 also runs B7), {@code bench.steps}, {@code bench.levels}, {@code
 * bench.b2.seconds}, {@code bench.b4.conversations}, {@code bench.b4.max-seconds}, {@code
 * bench.b5.seconds}, {@code bench.b6.sizes}, {@code bench.b6.requests}, {@code bench.b6.partition},
 * {@code bench.b7.requests}, {@code bench.b7.seconds}, {@code bench.b7.max-size} (the largest B6
 * size B7 runs at; all by default), {@code bench.read-timeout}, {@code bench.workflow-cache},
 * {@code bench.mongo} (h2|memory), {@code bench.app}. With the arguments {@code profile <app.jfr>
 * [skip-seconds]} it summarises a JFR recording instead ({@link ProfileSummary}).
 */
public final class BenchMain {

  /** The languages of the menu template's copies (one per active flow beyond the first). */
  private static final String[] MENU_LANGUAGES = {"en_GB", "en", "es", "pt_BR", "de", "fr"};

  private static final java.util.concurrent.atomic.AtomicInteger menuCopies =
      new java.util.concurrent.atomic.AtomicInteger();

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // The JDK's HttpServer (the Graph API stand-in, the durable floor's webhook endpoint) leaves
    // Nagle's algorithm on: a response written as headers then body waits for the client's delayed
    // ACK, about 40 ms on Linux, before its body leaves. A sender waiting for that answer (the
    // app's
    // send activity) would hold its workflow task 40 ms longer than against a real server.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    if (args.length > 0 && args[0].equals("profile")) {
      ProfileSummary.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("floor")) {
      DurableFloor.serve(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    PauseLog.start(Path.of("bench/target/run/bench-gc.log"));
    Set<String> only = Set.of(prop("bench.only", "B1,B2,B3,B4,B5,B6").split(","));
    int cache = Integer.parseInt(prop("bench.workflow-cache", "600"));
    boolean inMemory = prop("bench.mongo", "h2").equals("memory");
    Path jar = AppProcess.existing(prop("bench.app", "standalone/target/chat-flows.jar"));
    Path benchJar = AppProcess.existing(prop("bench.jar", "bench/target/chat-flows-bench.jar"));
    Report report = new Report();
    report.setting("workflow cache (max-instances = max-threads)", String.valueOf(cache));
    report.setting("embedded MongoDB backend", inMemory ? "in memory" : "H2 (the default)");
    report.setting("app JVM flags", AppProcess.JVM_FLAGS);
    report.setting(
        "machine",
        "nproc " + Runtime.getRuntime().availableProcessors() + ", started " + Instant.now());
    report.setting("load average (1, 5, 15 min) at start", loadAverage());
    report.setting(
        "bench JVM (Temporal server) flags",
        String.join(
            " ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));

    try (StandIn standIn = new StandIn();
        TemporalHost temporal = new TemporalHost(AppProcess.freePort());
        AppProcess app =
            new AppProcess(
                jar,
                temporal.target,
                standIn.baseUrl(),
                new AppProcess.Settings(
                    cache,
                    inMemory,
                    Integer.parseInt(prop("bench.b6.partition", "1000000")),
                    prop("bench.read-timeout", "300s"),
                    appFlags()));
        FloorProcess floor =
            new FloorProcess(benchJar, temporal.target, standIn.baseUrl(), floorFlags())) {
      WorkerFactory floors = Floor.start(temporal.client, standIn.baseUrl());
      app.awaitHealthy(Duration.ofMinutes(3));
      floor.awaitListening(Duration.ofMinutes(2));
      Env env = setUp(app, floor, standIn, temporal);
      try {
        if (only.contains("B3")) {
          report.b3(HistoryEvents.run(env));
        }
        if (only.contains("B1")) {
          int[] levels =
              Arrays.stream(prop("bench.levels", "1,16,64").split(","))
                  .mapToInt(Integer::parseInt)
                  .toArray();
          report.b1(
              StepLatency.run(env, levels, Integer.parseInt(prop("bench.steps", "2000")), 300));
        }
        if (only.contains("B2")) {
          report.b2(Throughput.run(env, Integer.parseInt(prop("bench.b2.seconds", "60"))));
        }
        if (only.contains("B5")) {
          report.b5(ApiLatency.run(env, Integer.parseInt(prop("bench.b5.seconds", "15"))));
        }
        if (only.contains("B4")) {
          report.b4(
              Memory.run(
                  env,
                  Integer.parseInt(prop("bench.b4.conversations", "10000")),
                  Integer.parseInt(prop("bench.b4.max-seconds", "420"))),
              cache);
        }
        if (only.contains("B6")) {
          report.b6(
              AnalyticsScale.run(
                  env,
                  Arrays.stream(prop("bench.b6.sizes", "10000,100000,1000000").split(","))
                      .mapToInt(Integer::parseInt)
                      .toArray(),
                  Integer.parseInt(prop("bench.b6.requests", "200")),
                  Integer.parseInt(prop("bench.b7.requests", "50")),
                  Integer.parseInt(prop("bench.b7.seconds", "30")),
                  Integer.parseInt(prop("bench.b7.max-size", String.valueOf(Integer.MAX_VALUE)))));
        }
      } finally {
        report.setting(
            "load average (1, 5, 15 min) at end", loadAverage() + " at " + Instant.now());
        String text = report.render();
        Path out = Path.of("bench", "target", "bench-results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.out.println(text);
        System.out.println("written to " + out + "; app log " + app.log);
        floors.shutdownNow();
      }
    }
    System.exit(0);
  }

  /** A new copy of the menu template, in a language of its own; returns its id. */
  static String menuTemplate(Api api) {
    return api.post(
            "/chat-flow/templates/",
            Payloads.menuTemplate(MENU_LANGUAGES[menuCopies.getAndIncrement()]))
        .ok()
        .json()
        .path("id")
        .asText();
  }

  private static Env setUp(
      AppProcess app, FloorProcess floor, StandIn standIn, TemporalHost temporal) {
    Api api = app.api();
    String menu =
        api.post("/chat-flow/templates/", Payloads.menuTemplate("en_US"))
            .ok()
            .json()
            .path("id")
            .asText();
    String status =
        api.post("/chat-flow/templates/", Payloads.statusTemplate())
            .ok()
            .json()
            .path("id")
            .asText();
    String[] flows = new String[3];
    for (int i = 0; i < flows.length; i++) {
      // One active flow per start template: each flow starts from a menu template of its own.
      String start = i == 0 ? menu : menuTemplate(api);
      Api.Response created =
          api.post("/chat-flow/flows/", Payloads.sixNodeFlow("bench-" + i, start, status)).ok();
      if (!created.json().path("errors").isEmpty()) {
        throw new IllegalStateException("the 6-node flow is not valid: " + created.body());
      }
      flows[i] = created.json().path("id").asText();
    }
    return new Env(
        api,
        standIn,
        temporal.client,
        app,
        floor,
        menu,
        status,
        flows[0],
        flows[1],
        flows[2],
        System.currentTimeMillis());
  }

  /**
   * The app's garbage collections and safepoints are logged to bench/target/run/app-gc.log (to tell
   * its pauses from the store's); {@code -Dbench.jfr=true} also records a JFR profile of the app to
   * bench/target/run/app.jfr.
   */
  private static List<String> appFlags() {
    List<String> flags = new ArrayList<>();
    flags.add("-Xlog:gc,safepoint:file=bench/target/run/app-gc.log:uptime,time");
    String extra = System.getProperty("bench.app-flags", "").trim();
    if (!extra.isEmpty()) {
      flags.addAll(Arrays.asList(extra.split("\\s+")));
    }
    if (Boolean.getBoolean("bench.jfr")) {
      flags.add("-XX:StartFlightRecording=filename=bench/target/run/app.jfr,settings=profile");
    }
    return flags;
  }

  /**
   * {@code -Dbench.jfr=true} also records a JFR profile of the floor to bench/target/run/floor.jfr.
   */
  private static List<String> floorFlags() {
    return Boolean.getBoolean("bench.jfr")
        ? List.of("-XX:StartFlightRecording=filename=bench/target/run/floor.jfr,settings=profile")
        : List.of();
  }

  /** The first three fields of {@code /proc/loadavg}, as {@code uptime} prints them. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String prop(String name, String fallback) {
    return System.getProperty(name, fallback);
  }
}
