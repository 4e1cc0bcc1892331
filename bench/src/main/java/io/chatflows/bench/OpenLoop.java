package io.chatflows.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Latency of one GET at fixed request rates. First its maximum throughput: {@link #CLIENTS} clients
 * in a closed loop. Then an open loop at given fractions of that maximum: requests are due at a
 * constant rate ({@code t0 + i / rate}) whatever the answers do, handed to a pool of {@link
 * #SENDERS} threads, and each latency is measured from when the request was due, not from when a
 * thread got to send it. A server that falls behind therefore shows its queueing in the latencies
 * (no coordinated omission), and a generator that falls behind shows it in the achieved rate. Each
 * request's latency is also split at the moment a sender thread started it: the generator's own lag
 * (started − due: a free sender, the generator's threads getting a core) and the time from the
 * start to the answer (the server, the loopback and the client's own parsing).
 */
final class OpenLoop {

  /**
   * One fixed rate: what was asked, what was sent, latency from each request's due time, and its
   * two parts: the generator's lag before it started the request, and the time from then on.
   */
  record Rate(
      double fraction,
      double target,
      double achieved,
      Stats latency,
      Stats lag,
      Stats fromStart,
      long errors) {}

  record Result(
      String request,
      double maxPerSecond,
      Stats saturated,
      long saturatedErrors,
      List<Rate> rates) {}

  static final int CLIENTS = 32;
  static final int SENDERS = 64;
  private static final int WARM_UP_SECONDS = 5;

  private OpenLoop() {}

  static Result run(
      String name, Supplier<Api.Response> request, double[] fractions, int maxSeconds, int seconds)
      throws Exception {
    closedLoop(request, WARM_UP_SECONDS, new ArrayList<>(), new AtomicLong());
    List<Long> saturated = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    double max = closedLoop(request, maxSeconds, saturated, errors);
    List<Rate> rates = new ArrayList<>();
    for (double fraction : fractions) {
      double rate = max * fraction;
      openLoop(request, rate, WARM_UP_SECONDS, new Samples(), new AtomicLong());
      Samples samples = new Samples();
      AtomicLong failed = new AtomicLong();
      double achieved = openLoop(request, rate, seconds, samples, failed);
      rates.add(
          new Rate(
              fraction,
              rate,
              achieved,
              Stats.ofNanos(samples.latencies),
              Stats.ofNanos(samples.lags),
              Stats.ofNanos(samples.fromStart),
              failed.get()));
    }
    Result result = new Result(name, max, Stats.ofNanos(saturated), errors.get(), rates);
    System.out.printf("B5 open loop %s%n", result);
    return result;
  }

  /** Requests per second of {@link #CLIENTS} clients each sending the next on an answer. */
  private static double closedLoop(
      Supplier<Api.Response> request, int seconds, List<Long> latencies, AtomicLong errors)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        futures.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    send(request, errors);
                    latencies.add(System.nanoTime() - t0);
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
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  /** The open loop's measurements, ns: from due time, due to start, start to answer. */
  private record Samples(List<Long> latencies, List<Long> lags, List<Long> fromStart) {
    Samples() {
      this(
          Collections.synchronizedList(new ArrayList<>()),
          Collections.synchronizedList(new ArrayList<>()),
          Collections.synchronizedList(new ArrayList<>()));
    }

    void add(long due, long started, long answered) {
      latencies.add(answered - due);
      lags.add(started - due);
      fromStart.add(answered - started);
    }
  }

  /** Sends at {@code rate} per second for {@code seconds}; returns the rate actually sent. */
  private static double openLoop(
      Supplier<Api.Response> request, double rate, int seconds, Samples samples, AtomicLong errors)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    long interval = (long) (1e9 / rate);
    long total = (long) (rate * seconds);
    long start = System.nanoTime();
    long sent = 0;
    long dispatched;
    try {
      for (long i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        pool.execute(
            () -> {
              long started = System.nanoTime();
              send(request, errors);
              samples.add(due, started, System.nanoTime());
            });
        sent++;
      }
    } finally {
      dispatched = System.nanoTime();
      pool.shutdown();
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    }
    return sent / ((dispatched - start) / 1e9);
  }

  private static void send(Supplier<Api.Response> request, AtomicLong errors) {
    try {
      if (request.get().status() != 200) {
        errors.incrementAndGet();
      }
    } catch (RuntimeException e) {
      errors.incrementAndGet();
    }
  }
}
