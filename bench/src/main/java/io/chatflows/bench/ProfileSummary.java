package io.chatflows.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the app's CPU went in a JFR recording of a benchmark run ({@code -Dbench.jfr=true}): the
 * share of execution samples per component, each with the product code that called it most.
 *
 * <pre>
 * java -jar bench/target/chat-flows-bench.jar profile bench/target/run/app.jfr [skip-seconds]
 * </pre>
 *
 * The start-up (samples under the application's {@code main}) and the first {@code skip-seconds}
 * (default 0) are left out.
 */
public final class ProfileSummary {

  /** Components by the first matching frame prefix, tried in this order. */
  private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

  static {
    COMPONENTS.put("embedded MongoDB server", List.of("de.bwaldvogel.", "org.h2."));
    COMPONENTS.put(
        "MongoDB driver + Spring Data",
        List.of("com.mongodb.", "org.bson.", "org.springframework.data."));
    COMPONENTS.put("JDK HTTP client (Graph API sends)", List.of("jdk.internal.net.http."));
    COMPONENTS.put("AES-GCM (payload codec, secrets)", List.of("com.sun.crypto.", "javax.crypto."));
    COMPONENTS.put(
        "Temporal workflow code + SDK replay",
        List.of(
            "io.temporal.internal.sync.",
            "io.temporal.internal.replay.",
            "io.temporal.internal.statemachines."));
    COMPONENTS.put("Temporal client + gRPC", List.of("io.temporal.", "io.grpc."));
    COMPONENTS.put("Jackson", List.of("tools.jackson.", "com.fasterxml.jackson."));
    COMPONENTS.put("Micrometer", List.of("io.micrometer."));
    COMPONENTS.put(
        "Tomcat + Spring MVC",
        List.of(
            "org.apache.catalina.",
            "org.apache.coyote.",
            "org.apache.tomcat.",
            "org.springframework.web."));
  }

  private ProfileSummary() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long skip = args.length > 1 ? Long.parseLong(args[1]) : 0;
    Map<String, Integer> samples = new HashMap<>();
    Map<String, Map<String, Integer>> callers = new HashMap<>();
    Instant start = Instant.MAX;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        Instant at = recording.readEvent().getStartTime();
        start = at.isBefore(start) ? at : start;
      }
    }
    int total = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStackTrace() == null
            || event.getStartTime().isBefore(start.plusSeconds(skip))) {
          continue;
        }
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        if (frames.stream().anyMatch(ProfileSummary::startUp)) {
          continue;
        }
        String component = component(frames);
        samples.merge(component, 1, Integer::sum);
        callers
            .computeIfAbsent(component, c -> new HashMap<>())
            .merge(productCaller(frames), 1, Integer::sum);
        total++;
      }
    }
    System.out.printf(
        "%d execution samples (start-up and the first %d s left out)%n%n", total, skip);
    System.out.println("| component | share | most samples under |");
    System.out.println("|---|---|---|");
    int all = Math.max(total, 1);
    samples.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(
            e ->
                System.out.printf(
                    "| %s | %d%% | %s |%n",
                    e.getKey(),
                    Math.round(100.0 * e.getValue() / all),
                    top(callers.get(e.getKey()))));
  }

  private static String component(List<RecordedFrame> frames) {
    for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
      for (RecordedFrame frame : frames) {
        String type = frame.getMethod().getType().getName();
        if (component.getValue().stream().anyMatch(type::startsWith)) {
          return component.getKey();
        }
      }
    }
    return "other";
  }

  private static boolean startUp(RecordedFrame frame) {
    return frame.getMethod().getName().equals("main")
        && frame.getMethod().getType().getName().startsWith("io.chatflows.");
  }

  /** The innermost frame of the product's own code, or the sampled frame when there is none. */
  private static String productCaller(List<RecordedFrame> frames) {
    RecordedFrame chosen =
        frames.stream()
            .filter(f -> f.getMethod().getType().getName().startsWith("io.chatflows."))
            .findFirst()
            .orElse(frames.isEmpty() ? null : frames.get(0));
    if (chosen == null) {
      return "?";
    }
    String type = chosen.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + chosen.getMethod().getName();
  }

  private static String top(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(3)
        .map(e -> "`" + e.getKey() + "` " + e.getValue())
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
