package io.chatflows.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * B3: Temporal history events per conversation step on the 6-node flow, counted from the fetched
 * history between the 2nd and the 12th signal. Before each click the conversation is left to go
 * quiet (no task pending, history not growing), so the count does not depend on timing.
 */
final class HistoryEvents {

  record Result(double productPerStep, Map<String, Integer> productStep, double floorPerStep) {}

  private static final int FROM = 2;
  private static final int TO = 12;

  private HistoryEvents() {}

  static Result run(Env env) throws Exception {
    String contact = "1202%08d".formatted(1);
    String workflowId =
        env.api()
            .post("/chat-flow/flows/" + env.flowB1() + "/start/", Payloads.start(contact))
            .ok()
            .json()
            .path("workflow_id")
            .asText();
    Drivers.Conversation product = Drivers.product(env.api(), env.standIn(), env.flowB1(), contact);
    StandIn.Sent last = env.standIn().next(contact, 30_000);
    for (int n = 0; n < TO + 1; n++) {
      awaitQuiet(env.temporal(), workflowId);
      last = product.step(last, n);
    }
    awaitQuiet(env.temporal(), workflowId);
    List<HistoryEvent> events = env.temporal().fetchHistory(workflowId).getEvents();

    String floorId = "floor-b3-" + env.runId();
    Drivers.Conversation floor = Drivers.floor(env.temporal(), env.standIn(), floorId);
    last = floor.start();
    for (int n = 0; n < TO + 1; n++) {
      awaitQuiet(env.temporal(), floorId);
      last = floor.step(last, n);
    }
    awaitQuiet(env.temporal(), floorId);
    List<HistoryEvent> floorEvents = env.temporal().fetchHistory(floorId).getEvents();
    Result result = new Result(perStep(events), oneStep(events), perStep(floorEvents));
    System.out.printf("B3 %s%n", result);
    return result;
  }

  private static List<Integer> signals(List<HistoryEvent> events) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
        at.add(i);
      }
    }
    if (at.size() <= TO) {
      throw new IllegalStateException("expected " + (TO + 1) + " signals, saw " + at.size());
    }
    return at;
  }

  private static double perStep(List<HistoryEvent> events) {
    List<Integer> at = signals(events);
    return (at.get(TO) - at.get(FROM)) / (double) (TO - FROM);
  }

  /** The event types of one step (signal FROM up to the next signal). */
  private static Map<String, Integer> oneStep(List<HistoryEvent> events) {
    List<Integer> at = signals(events);
    Map<String, Integer> types = new TreeMap<>();
    for (int i = at.get(FROM); i < at.get(FROM + 1); i++) {
      types.merge(events.get(i).getEventType().name().replace("EVENT_TYPE_", ""), 1, Integer::sum);
    }
    return types;
  }

  private static final java.util.Set<EventType> BUSY =
      java.util.EnumSet.of(
          EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
          EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);

  /** Waits until no task of the workflow is pending and its history stopped growing. */
  static void awaitQuiet(WorkflowClient temporal, String workflowId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int previous = -1;
    while (System.nanoTime() < deadline) {
      List<HistoryEvent> events = temporal.fetchHistory(workflowId).getEvents();
      EventType lastType = events.get(events.size() - 1).getEventType();
      if (!BUSY.contains(lastType) && events.size() == previous) {
        return;
      }
      previous = events.size();
      Thread.sleep(150);
    }
    throw new IllegalStateException(workflowId + " did not go quiet within 15 s");
  }
}
