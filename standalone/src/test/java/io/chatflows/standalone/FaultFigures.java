package io.chatflows.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the fault scenarios, measured by the tests (not declared): faults injected, events
 * delivered, events applied, events lost, events applied twice. Written to {@code
 * target/reliability-figures.txt}.
 */
final class FaultFigures {

  record Row(String scenario, int faults, int delivered, int applied, int lost, int appliedTwice) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
  }

  synchronized void write(Path file) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| Scenario | Faults injected | Events delivered | Events applied | Lost | Applied twice |\n");
    out.append("|---|---|---|---|---|---|\n");
    int[] total = new int[5];
    for (Row r : rows) {
      out.append(
          "| %s | %d | %d | %d | %d | %d |%n"
              .formatted(
                  r.scenario(),
                  r.faults(),
                  r.delivered(),
                  r.applied(),
                  r.lost(),
                  r.appliedTwice()));
      total[0] += r.faults();
      total[1] += r.delivered();
      total[2] += r.applied();
      total[3] += r.lost();
      total[4] += r.appliedTwice();
    }
    out.append(
        "| **Total** | %d | %d | %d | %d | %d |%n"
            .formatted(total[0], total[1], total[2], total[3], total[4]));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
