package io.chatflows.bench;

import java.util.List;

/** Latency percentiles in milliseconds. */
record Stats(int count, double p50, double p90, double p99, double max) {

  static Stats ofNanos(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return new Stats(0, 0, 0, 0, 0);
    }
    return new Stats(
        sorted.length,
        ms(at(sorted, 0.50)),
        ms(at(sorted, 0.90)),
        ms(at(sorted, 0.99)),
        ms(sorted[sorted.length - 1]));
  }

  private static long at(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  String row() {
    return String.format("%d | %.1f | %.1f | %.1f | %.1f", count, p50, p90, p99, max);
  }

  static double[] ratio(Stats product, Stats floor) {
    return new double[] {product.p50 / floor.p50, product.p99 / floor.p99};
  }

  @Override
  public String toString() {
    return "n=" + count + " p50=" + fmt(p50) + " p90=" + fmt(p90) + " p99=" + fmt(p99);
  }

  private static String fmt(double v) {
    return String.format("%.1fms", v);
  }
}
