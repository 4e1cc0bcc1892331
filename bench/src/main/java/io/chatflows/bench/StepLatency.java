package io.chatflows.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * B1: click → next template send at the stand-in, per concurrency: the product, the durable floor
 * (the same guaranteed work with bare components) and the raw-signal floor (for reference).
 */
final class StepLatency {

  record Result(int concurrency, Stats product, Stats floor, Stats raw) {}

  private StepLatency() {}

  static List<Result> run(Env env, int[] levels, int totalSteps, int maxSecondsPerRun)
      throws Exception {
    warmUp(env);
    List<Result> results = new ArrayList<>();
    for (int c : levels) {
      int steps = (totalSteps + c - 1) / c;
      Stats raw = Stats.ofNanos(rawRun(env, c, steps, maxSecondsPerRun, "f" + c));
      Stats floor = Stats.ofNanos(floorRun(env, c, steps, maxSecondsPerRun, c));
      Stats product = Stats.ofNanos(productRun(env, c, steps, maxSecondsPerRun, c));
      System.out.printf(
          "B1 c=%d product %s | durable floor %s | raw signal %s%n", c, product, floor, raw);
      results.add(new Result(c, product, floor, raw));
      env.standIn().forget("");
    }
    return results;
  }

  private static void warmUp(Env env) throws Exception {
    rawRun(env, 16, 20, 120, "warm");
    floorRun(env, 16, 20, 120, 999);
    productRun(env, 16, 20, 120, 999);
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

  static List<Long> floorRun(Env env, int c, int steps, int maxSeconds, int run) throws Exception {
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
                "1202%03d%05d".formatted(run, i)));
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
