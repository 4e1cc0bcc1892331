package io.chatflows.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * B1: click → next template send at the stand-in, per concurrency: the product, the durable floor
 * (the same guaranteed work with bare components), the durable floor making the product's writes
 * too, and the raw-signal floor (for reference).
 */
final class StepLatency {

  /**
   * @param compiling the share of the product's measured steps' wall time the app's just-in-time
   *     compiler spent compiling (0.1 = 10 %)
   */
  record Result(
      int concurrency,
      Stats product,
      Stats floor,
      Stats floorWrites,
      Stats raw,
      double compiling) {}

  private StepLatency() {}

  static List<Result> run(Env env, int[] levels, int totalSteps, int maxSecondsPerRun)
      throws Exception {
    warmUp(env);
    List<Result> results = new ArrayList<>();
    for (int c : levels) {
      int steps = (totalSteps + c - 1) / c;
      Stats raw = Stats.ofNanos(rawRun(env, c, steps, maxSecondsPerRun, "f" + c));
      Stats floor = Stats.ofNanos(floorRun(env, c, steps, maxSecondsPerRun, c, false));
      Stats floorWrites = Stats.ofNanos(floorRun(env, c, steps, maxSecondsPerRun, c, true));
      Compiled<List<Long>> measured =
          compiledDuring(env, () -> productRun(env, c, steps, maxSecondsPerRun, c));
      Stats product = Stats.ofNanos(measured.result());
      double compiling = measured.share();
      System.out.printf(
          "B1 c=%d product %s (the app compiling %.0f %% of the time) | durable floor %s | with the"
              + " product's writes %s | raw signal %s%n",
          c, product, compiling * 100, floor, floorWrites, raw);
      results.add(new Result(c, product, floor, floorWrites, raw, compiling));
      env.standIn().forget("");
    }
    return results;
  }

  /**
   * Steps on every side ({@code bench.b1.warmup-steps} each, 16 conversations) before the measured
   * ones, so that each JVM's just-in-time compiler is done with the code a step runs. The app's
   * code is large: after 320 steps its compiler threads still took about 40 % of its CPU during the
   * measured steps. So the product's warm-up goes on, in rounds of as many steps, until the app
   * spent less than {@code bench.b1.warmup-compiling} (default 10 %) of a round's time compiling,
   * for at most {@code bench.b1.warmup-rounds} (default 16) rounds.
   */
  private static void warmUp(Env env) throws Exception {
    int steps = Integer.getInteger("bench.b1.warmup-steps", 2000) / 16;
    double settled = Double.parseDouble(System.getProperty("bench.b1.warmup-compiling", "0.1"));
    int rounds = Integer.getInteger("bench.b1.warmup-rounds", 16);
    rawRun(env, 16, steps, 300, "warm");
    floorRun(env, 16, steps, 300, 999, false);
    floorRun(env, 16, steps, 300, 999, true);
    for (int round = 1; round <= rounds; round++) {
      int run = 900 + round;
      double compiling = compiledDuring(env, () -> productRun(env, 16, steps, 300, run)).share();
      System.out.printf(
          "B1 warm-up round %d: the app compiled %.0f %% of the time%n", round, compiling * 100);
      if (compiling < settled) {
        break;
      }
    }
    env.standIn().forget("");
  }

  static List<Long> productRun(Env env, int c, int steps, int maxSeconds, int run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    return Drivers.run(
        c,
        steps,
        deadline,
        i ->
            Drivers.product(
                env.api(), env.standIn(), env.flowB1(), "1201%03d%05d".formatted(run, i)));
  }

  /** What some work returned, and the share of its wall time the app spent compiling. */
  private record Compiled<T>(T result, double share) {}

  private static <T> Compiled<T> compiledDuring(Env env, Callable<T> work) throws Exception {
    long t0 = System.nanoTime();
    double compiled0 = env.app().compilationMillis();
    T result = work.call();
    return new Compiled<>(
        result, (env.app().compilationMillis() - compiled0) / ((System.nanoTime() - t0) / 1e6));
  }

  static List<Long> floorRun(
      Env env, int c, int steps, int maxSeconds, int run, boolean productWrites) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    return Drivers.run(
        c,
        steps,
        deadline,
        i ->
            Drivers.durableFloor(
                env.temporal(),
                env.floor().api(),
                env.standIn(),
                (productWrites ? "1205%03d%05d" : "1202%03d%05d").formatted(run, i),
                productWrites));
  }

  static List<Long> rawRun(Env env, int c, int steps, int maxSeconds, String run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    return Drivers.run(
        c,
        steps,
        deadline,
        i ->
            Drivers.floor(
                env.temporal(), env.standIn(), "floor-" + run + "-" + i + "-" + env.runId()));
  }
}
