package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * B2: signed webhooks per second the bridge acknowledges (each a free-text message that the waiting
 * conversation records as one unmatched reply, plus re-deliveries of a message id already sent),
 * against the same webhooks to the durable floor (claim, signal, a local activity writing the
 * step's record) and, for reference, raw signals from a plain client to workflows that only count
 * them. Afterwards it checks that every acknowledged event took effect exactly once, on both sides
 * that receive webhooks.
 */
final class Throughput {

  record Side(long acked, long errors, double perSecond, Stats ack) {}

  /**
   * One side's webhooks: what was acknowledged, re-deliveries sent, what took effect, the CPU time
   * per acknowledged webhook of the process that received them (the app or the floor's) and of the
   * benchmark's JVM (the Temporal server and the load generator) from the first webhook until all
   * took effect, and the MongoDB commands the app sent per acknowledged webhook by {@code
   * collection command} (the product only; empty for the floors).
   */
  record Webhooks(
      Side side,
      long duplicatesSent,
      long tookEffect,
      double receiverCpuMs,
      double benchCpuMs,
      Map<String, Double> commandsPerWebhook) {
    boolean exactlyOnce() {
      return tookEffect == side.acked();
    }
  }

  record Result(
      int seconds,
      int senders,
      int conversations,
      Webhooks product,
      Webhooks floor,
      Webhooks floorWrites,
      Side signals,
      long signalsCounted) {}

  private static final int CONVERSATIONS = 64;
  private static final int SENDERS = 32;
  private static final int DUPLICATE_EVERY = 20;

  private Throughput() {}

  static Result run(Env env, int seconds) throws Exception {
    Webhooks product = product(env, seconds);
    Webhooks floor = floor(env, seconds, false);
    Webhooks floorWrites = floor(env, seconds, true);
    List<String> sinks = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      String id = "sink-" + env.runId() + "-" + i;
      sinks.add(id);
      Floor.Sink stub =
          env.temporal()
              .newWorkflowStub(
                  Floor.Sink.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(Floor.TASK_QUEUE)
                      .setWorkflowId(id)
                      .build());
      WorkflowClient.start(stub::run);
    }
    WorkflowClient temporal = env.temporal();
    Side signals =
        load(
            seconds,
            (sender, n) -> {
              temporal
                  .newUntypedWorkflowStub(sinks.get((sender + n * SENDERS) % CONVERSATIONS))
                  .signal("event", sender + "." + n);
              return true;
            });
    long counted = awaitSinks(env, sinks, signals.acked(), 120);
    System.out.printf("B2 raw signals %s; counted %d%n", signals, counted);
    return new Result(
        seconds, SENDERS, CONVERSATIONS, product, floor, floorWrites, signals, counted);
  }

  private static Webhooks product(Env env, int seconds) throws Exception {
    List<String> contacts = contacts("1203");
    for (String contact : contacts) {
      env.api().post("/chat-flow/flows/" + env.flowB2() + "/start/", Payloads.start(contact)).ok();
    }
    for (String contact : contacts) {
      env.standIn().next(contact, 30_000);
    }
    long before = awaitStable(() -> steps(env), -1, 30);
    Map<String, Long> commandsBefore = env.app().mongoCommands();
    double appCpu = CpuTime.seconds(env.app().pid());
    double benchCpu = CpuTime.self();
    AtomicLong duplicates = new AtomicLong();
    Side side =
        webhooks(env.api(), "/webhooks/whatsapp/", contacts, "wamid.b2.", seconds, duplicates);
    long after = awaitStable(() -> steps(env), before + side.acked(), 120);
    appCpu = CpuTime.seconds(env.app().pid()) - appCpu;
    benchCpu = CpuTime.self() - benchCpu;
    Map<String, Double> perWebhook = new TreeMap<>();
    env.app()
        .mongoCommands()
        .forEach(
            (command, count) -> {
              long sent = count - commandsBefore.getOrDefault(command, 0L);
              if (sent > 0) {
                perWebhook.put(command, (double) sent / Math.max(1, side.acked()));
              }
            });
    System.out.printf(
        "B2 webhooks %s; steps %d -> %d, duplicates %d; CPU s app %.1f bench %.1f; MongoDB commands per webhook %s%n",
        side, before, after, duplicates.get(), appCpu, benchCpu, perWebhook);
    return new Webhooks(
        side,
        duplicates.get(),
        after - before,
        perAcked(appCpu, side),
        perAcked(benchCpu, side),
        perWebhook);
  }

  /** The durable floor's webhooks, with or without the product's writes. */
  private static Webhooks floor(Env env, int seconds, boolean productWrites) throws Exception {
    List<String> contacts = contacts(productWrites ? "1206" : "1204");
    for (String contact : contacts) {
      DurableFloor.Conversation stub =
          env.temporal()
              .newWorkflowStub(
                  DurableFloor.Conversation.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(DurableFloor.TASK_QUEUE)
                      .setWorkflowId(DurableFloor.workflowId(contact, productWrites))
                      .build());
      WorkflowClient.start(stub::run, contact, productWrites);
    }
    for (String contact : contacts) {
      env.standIn().next(contact, 30_000);
    }
    FloorProcess floor = env.floor();
    LongSupplier tookEffect = productWrites ? floor::steps : floor::records;
    long before = awaitStable(tookEffect, -1, 30);
    double floorCpu = CpuTime.seconds(floor.pid());
    double benchCpu = CpuTime.self();
    AtomicLong duplicates = new AtomicLong();
    Side side =
        webhooks(
            floor.api(),
            productWrites ? DurableFloor.WRITES_WEBHOOK_PATH : DurableFloor.WEBHOOK_PATH,
            contacts,
            productWrites ? "wamid.b2w." : "wamid.b2f.",
            seconds,
            duplicates);
    long after = awaitStable(tookEffect, before + side.acked(), 120);
    floorCpu = CpuTime.seconds(floor.pid()) - floorCpu;
    benchCpu = CpuTime.self() - benchCpu;
    System.out.printf(
        "B2 durable floor%s %s; records %d -> %d, duplicates %d; CPU s floor %.1f bench %.1f%n",
        productWrites ? " with the product's writes" : "",
        side,
        before,
        after,
        duplicates.get(),
        floorCpu,
        benchCpu);
    return new Webhooks(
        side,
        duplicates.get(),
        after - before,
        perAcked(floorCpu, side),
        perAcked(benchCpu, side),
        Map.of());
  }

  private static double perAcked(double cpuSeconds, Side side) {
    return cpuSeconds * 1000 / Math.max(1, side.acked());
  }

  private static List<String> contacts(String prefix) {
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      contacts.add(prefix + "%08d".formatted(i));
    }
    return contacts;
  }

  /** Free-text webhooks from 32 senders; every 20th of a sender re-delivers its previous one. */
  private static Side webhooks(
      Api api,
      String path,
      List<String> contacts,
      String prefix,
      int seconds,
      AtomicLong duplicates)
      throws Exception {
    return load(
        seconds,
        (sender, n) -> {
          String contact = contacts.get((sender + n * SENDERS) % CONVERSATIONS);
          boolean duplicate = n > 0 && n % DUPLICATE_EVERY == 0;
          String wamid = prefix + sender + "." + (duplicate ? n - 1 : n);
          String to =
              duplicate ? contacts.get((sender + (n - 1) * SENDERS) % CONVERSATIONS) : contact;
          Api.Response r = api.webhook(path, Payloads.text(to, wamid, "hello"));
          if (r.status() != 200) {
            if (sender == 0) {
              System.out.println("B2 webhook answered " + r.status() + ": " + r.body());
            }
            return false;
          }
          if (duplicate) {
            duplicates.incrementAndGet();
            if (!r.body().contains("\"duplicate\"")) {
              System.out.println("B2 re-delivery answered " + r.body());
              return false;
            }
            return null;
          }
          return true;
        });
  }

  /** One request; true = acknowledged, false = error, null = expected non-event (duplicate). */
  interface Request {
    Boolean send(int sender, int n) throws Exception;
  }

  private static Side load(int seconds, Request request) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong acked = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        futures.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < 10_000_000 && System.nanoTime() < end; n++) {
                    long t0 = System.nanoTime();
                    Boolean ok;
                    try {
                      ok = request.send(sender, n);
                    } catch (Exception e) {
                      if (sender == 0) {
                        System.out.println("B2 request failed: " + e);
                      }
                      ok = false;
                    }
                    if (ok == null) {
                      continue;
                    }
                    latencies.add(System.nanoTime() - t0);
                    (ok ? acked : errors).incrementAndGet();
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
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Side(acked.get(), errors.get(), acked.get() / elapsed, Stats.ofNanos(latencies));
  }

  /** The counter once it reaches {@code expected} (or, with -1, stops moving), bounded in time. */
  private static long awaitStable(LongSupplier counter, long expected, int maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = counter.getAsLong();
      if (now == expected || (expected < 0 && now == last && now > 0)) {
        return now;
      }
      last = now;
      Thread.sleep(500);
    }
    return counter.getAsLong();
  }

  /** Sum of recorded steps of the B2 conversations. */
  private static long steps(Env env) {
    long sum = 0;
    for (int page = 1; page <= 10; page++) {
      JsonNode body =
          env.api()
              .get("/chat-flow/conversations/?flow=" + env.flowB2() + "&page_size=100&page=" + page)
              .ok()
              .json();
      for (JsonNode c : body.path("results")) {
        sum += c.path("step_count").asLong();
      }
      if (body.path("next").isNull() || body.path("next").isMissingNode()) {
        break;
      }
    }
    return sum;
  }

  private static long awaitSinks(Env env, List<String> sinks, long expected, int maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long sum = 0;
    while (System.nanoTime() < deadline) {
      sum = 0;
      for (String id : sinks) {
        sum += env.temporal().newWorkflowStub(Floor.Sink.class, id).received();
      }
      if (sum >= expected) {
        return sum;
      }
      Thread.sleep(500);
    }
    return sum;
  }
}
