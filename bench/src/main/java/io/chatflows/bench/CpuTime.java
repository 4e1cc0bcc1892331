package io.chatflows.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used, user and system, from {@code /proc/<pid>/stat} (Linux). */
final class CpuTime {

  /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}). */
  private static final double TICKS_PER_SECOND = 100;

  private CpuTime() {}

  /** Seconds of CPU the process has used so far. */
  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // After the command name, in parentheses, which may hold spaces: state is field 3, utime 14.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seconds of CPU the benchmark's own JVM (the Temporal server, the load generator) has used. */
  static double self() {
    return seconds(ProcessHandle.current().pid());
  }
}
