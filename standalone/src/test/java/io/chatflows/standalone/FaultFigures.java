package io.chatflows.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The figures of the fault scenarios, counted from what each scenario observed, before its
 * assertions run: faults injected, events delivered (acknowledged by the api), events applied
 * (their effect is in the conversation once), lost (no effect), applied twice (more than one
 * effect). As a JUnit {@link TestWatcher} it marks each scenario passed or failed and rewrites
 * {@code target/reliability-figures.txt} after every scenario, so a failing run still leaves the
 * figures it measured.
 */
final class FaultFigures implements TestWatcher {

  /** What one scenario observed; counters only grow as the scenario observes. */
  static final class Scenario {
    private final String name;
    private int faults;
    private int delivered;
    private int applied;
    private int lost;
    private int appliedTwice;
    private String result = "not finished";

    private Scenario(String name) {
      this.name = name;
    }

    /** One fault injected (a process killed, a dependency down or hanging, a refused send). */
    Scenario fault() {
      return faults(1);
    }

    Scenario faults(int n) {
      faults += n;
      return this;
    }

    /**
     * One acknowledged event and how often its effect was found: 1 is applied once, 0 lost, 2 or
     * more applied twice.
     */
    Scenario event(long effects) {
      delivered++;
      applied += effects >= 1 ? 1 : 0;
      lost += effects == 0 ? 1 : 0;
      appliedTwice += effects > 1 ? 1 : 0;
      return this;
    }

    int lost() {
      return lost;
    }

    int appliedTwice() {
      return appliedTwice;
    }

    int delivered() {
      return delivered;
    }
  }

  private final List<Scenario> scenarios = new ArrayList<>();
  private final Path file;
  private Scenario current;

  FaultFigures(Path file) {
    this.file = file;
  }

  /** Starts the figures of the running scenario. */
  synchronized Scenario start(String name) {
    current = new Scenario(name);
    scenarios.add(current);
    write();
    return current;
  }

  @Override
  public synchronized void testSuccessful(ExtensionContext context) {
    finish("passed");
  }

  @Override
  public synchronized void testFailed(ExtensionContext context, Throwable cause) {
    String message =
        String.valueOf(cause.getMessage()).lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    finish("FAILED: " + (message.length() > 80 ? message.substring(0, 80) + "…" : message));
  }

  @Override
  public synchronized void testAborted(ExtensionContext context, Throwable cause) {
    finish("aborted");
  }

  @Override
  public synchronized void testDisabled(ExtensionContext context, Optional<String> reason) {}

  private void finish(String result) {
    if (current != null) {
      current.result = result;
      current = null;
    }
    write();
  }

  synchronized void write() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| Scenario | Faults injected | Events delivered | Events applied | Lost | Applied twice"
            + " | Checks |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    int[] total = new int[5];
    for (Scenario s : scenarios) {
      out.append(
          "| %s | %d | %d | %d | %d | %d | %s |%n"
              .formatted(
                  s.name, s.faults, s.delivered, s.applied, s.lost, s.appliedTwice, s.result));
      total[0] += s.faults;
      total[1] += s.delivered;
      total[2] += s.applied;
      total[3] += s.lost;
      total[4] += s.appliedTwice;
    }
    out.append(
        "| **Total** | %d | %d | %d | %d | %d | %d of %d passed |%n"
            .formatted(
                total[0],
                total[1],
                total[2],
                total[3],
                total[4],
                scenarios.stream().filter(s -> s.result.equals("passed")).count(),
                scenarios.size()));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
