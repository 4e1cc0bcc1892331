package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B2: signed webhooks per second the bridge acknowledges (each a free-text message that the waiting
 * conversation records as one unmatched reply, plus re-deliveries of a message id already sent),
 * against raw signals per second from a plain client to workflows that only count them. Afterwards
 * it checks that every acknowledged event took effect exactly once.
 */
final class Throughput {

  record Side(long acked, long errors, double perSecond, Stats ack) {}

  record Result(
      int seconds,
      int senders,
      int conversations,
      Side webhooks,
      long duplicatesSent,
      long stepsRecorded,
      Side signals,
      long signalsCounted) {}

  private static final int CONVERSATIONS = 64;
  private static final int SENDERS = 32;
  private static final int DUPLICATE_EVERY = 20;

  private Throughput() {}

  static Result run(Env env, int seconds) throws Exception {
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      String contact = "1203%08d".formatted(i);
      contacts.add(contact);
      env.api().post("/chat-flow/flows/" + env.flowB2() + "/start/", Payloads.start(contact)).ok();
    }
    for (String contact : contacts) {
      env.standIn().next(contact, 30_000);
    }
    long before = awaitStable(env, -1, 30);
    AtomicLong duplicates = new AtomicLong();
    AtomicLong signalled = new AtomicLong();
    Side webhooks =
        load(
            seconds,
            (sender, n) -> {
              String contact = contacts.get((sender + n * SENDERS) % CONVERSATIONS);
              boolean duplicate = n > 0 && n % DUPLICATE_EVERY == 0;
              String wamid = "wamid.b2." + sender + "." + (duplicate ? n - 1 : n);
              String to =
                  duplicate ? contacts.get((sender + (n - 1) * SENDERS) % CONVERSATIONS) : contact;
              Api.Response r = env.api().webhook(Payloads.text(to, wamid, "hello"));
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
              if (r.body().contains("\"signalled\"")) {
                signalled.incrementAndGet();
              }
              return true;
            });
    long expected = before + webhooks.acked();
    long after = awaitStable(env, expected, 120);
    System.out.printf(
        "B2 webhooks %s; steps %d -> %d (expected %d), signalled %d, duplicates %d%n",
        webhooks, before, after, expected, signalled.get(), duplicates.get());

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
        seconds,
        SENDERS,
        CONVERSATIONS,
        webhooks,
        duplicates.get(),
        after - before,
        signals,
        counted);
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

  /** Sum of recorded steps of the B2 conversations, once it reaches {@code expected} or stops. */
  private static long awaitStable(Env env, long expected, int maxSeconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = steps(env);
      if (now == expected || (expected < 0 && now == last && now > 0)) {
        return now;
      }
      last = now;
      Thread.sleep(500);
    }
    return steps(env);
  }

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
