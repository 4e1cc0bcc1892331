package io.chatflows.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Drives conversations one step at a time: a step is a contact's click (or the floor's signal) up
 * to the next send arriving at the stand-in. Each conversation is driven by one thread; several
 * conversations run concurrently. Bounded by step count and by a deadline.
 */
final class Drivers {

  private static final long SEND_TIMEOUT_MS = 30_000;

  private Drivers() {}

  /** What one conversation does: start, then a number of timed steps. */
  interface Conversation {
    StandIn.Sent start() throws Exception;

    StandIn.Sent step(StandIn.Sent last, int n) throws Exception;
  }

  /** Runs {@code concurrency} conversations of {@code steps} each; returns step latencies. */
  static List<Long> run(
      int concurrency,
      int steps,
      long deadlineNanos,
      java.util.function.IntFunction<Conversation> c)
      throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Conversation conversation = c.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  StandIn.Sent last = conversation.start();
                  for (int n = 0; n < steps && System.nanoTime() < deadlineNanos; n++) {
                    long t0 = System.nanoTime();
                    StandIn.Sent next = conversation.step(last, n);
                    latencies.add(next.nanos() - t0);
                    last = next;
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    return new ArrayList<>(latencies);
  }

  /** A product conversation on the 6-node flow, moved by signed button-click webhooks. */
  static Conversation product(Api api, StandIn standIn, String flowId, String contact) {
    return new Conversation() {
      @Override
      public StandIn.Sent start() throws Exception {
        api.post("/chat-flow/flows/" + flowId + "/start/", Payloads.start(contact)).ok();
        return standIn.next(contact, SEND_TIMEOUT_MS);
      }

      @Override
      public StandIn.Sent step(StandIn.Sent last, int n) throws Exception {
        String text = last.template().equals("bench_menu") ? "Track Order" : "Menu";
        String wamid = "wamid.in." + contact + "." + n;
        api.webhook(Payloads.click(contact, wamid, last.wamid(), text, last.payloads().get(0)))
            .ok();
        return standIn.next(contact, SEND_TIMEOUT_MS);
      }
    };
  }

  /**
   * The durable floor ({@link DurableFloor}): its workflow started by the client, then moved by
   * signed button-click webhooks to the floor process, one send per click.
   */
  static Conversation durableFloor(
      WorkflowClient temporal, Api floor, StandIn standIn, String contact, boolean productWrites) {
    return new Conversation() {
      @Override
      public StandIn.Sent start() throws Exception {
        DurableFloor.Conversation stub =
            temporal.newWorkflowStub(
                DurableFloor.Conversation.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(DurableFloor.TASK_QUEUE)
                    .setWorkflowId(DurableFloor.workflowId(contact, productWrites))
                    .build());
        WorkflowClient.start(stub::run, contact, productWrites);
        return standIn.next(contact, SEND_TIMEOUT_MS);
      }

      @Override
      public StandIn.Sent step(StandIn.Sent last, int n) throws Exception {
        String wamid = "wamid.floor." + contact + "." + n;
        floor
            .webhook(
                productWrites ? DurableFloor.WRITES_WEBHOOK_PATH : DurableFloor.WEBHOOK_PATH,
                Payloads.click(contact, wamid, last.wamid(), "Menu", "floor"))
            .ok();
        return standIn.next(contact, SEND_TIMEOUT_MS);
      }
    };
  }

  /** The raw-signal floor: a plain workflow moved by a client signal, one activity per signal. */
  static Conversation floor(WorkflowClient temporal, StandIn standIn, String workflowId) {
    return new Conversation() {
      @Override
      public StandIn.Sent start() throws Exception {
        Floor.Step stub =
            temporal.newWorkflowStub(
                Floor.Step.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(Floor.TASK_QUEUE)
                    .setWorkflowId(workflowId)
                    .build());
        WorkflowClient.start(stub::run, workflowId);
        return standIn.next(workflowId, SEND_TIMEOUT_MS);
      }

      @Override
      public StandIn.Sent step(StandIn.Sent last, int n) throws Exception {
        temporal.newUntypedWorkflowStub(workflowId).signal("click", n);
        return standIn.next(workflowId, SEND_TIMEOUT_MS);
      }
    };
  }
}
