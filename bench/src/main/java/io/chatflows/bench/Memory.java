package io.chatflows.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * B4: heap after a full GC of the app (api + worker + embedded Mongo) and of the Temporal server
 * (the benchmark's JVM), before and after starting N conversations that then wait for a reply.
 */
final class Memory {

  record Point(int conversations, long appHeap, long serverHeap) {}

  record Result(int target, int started, List<Point> points, double seconds) {}

  private static final int STARTERS = 16;

  private Memory() {}

  static Result run(Env env, int target, int maxSeconds) throws Exception {
    env.standIn().forget("");
    List<Point> points = new ArrayList<>();
    points.add(measure(env, 0));
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
    int started = start(env, 0, target / 2, deadline);
    awaitWaiting(env, started);
    points.add(measure(env, started));
    if (started == target / 2) {
      started += start(env, started, target, deadline);
      awaitWaiting(env, started);
      points.add(measure(env, started));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Result result = new Result(target, started, points, seconds);
    System.out.printf("B4 %s%n", result);
    return result;
  }

  private static int start(Env env, int from, int to, long deadline) throws Exception {
    AtomicInteger next = new AtomicInteger(from);
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(STARTERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < STARTERS; s++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < to && System.nanoTime() < deadline;
                      i = next.getAndIncrement()) {
                    String contact = StandIn.COUNT_ONLY + "%08d".formatted(i);
                    env.api()
                        .post(
                            "/chat-flow/flows/" + env.flowB4() + "/start/", Payloads.start(contact))
                        .ok();
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return done.get();
  }

  /** Until the projection shows every started conversation waiting (bounded). */
  private static void awaitWaiting(Env env, int started) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      long waiting =
          env.api()
              .get("/chat-flow/conversations/?flow=" + env.flowB4() + "&status=waiting&page_size=1")
              .ok()
              .json()
              .path("count")
              .asLong();
      if (waiting >= started) {
        return;
      }
      Thread.sleep(1_000);
    }
    System.out.println("B4: not every conversation reached waiting within 180 s");
  }

  private static Point measure(Env env, int conversations) throws InterruptedException {
    long app = env.app().heapAfterGc();
    System.gc();
    Thread.sleep(200);
    System.gc();
    long server = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Point point = new Point(conversations, app, server);
    System.out.printf("B4 %s%n", point);
    return point;
  }
}
