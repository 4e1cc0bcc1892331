package io.chatflows.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * B5: validate and save of a 500-node flow (sequential, 100 times after 20 to warm up; all but the
 * last 35 saved flows are deleted again), then each GET — the 6-node flow's detail, the flow list,
 * the 500-node flow's detail — at its maximum throughput and in an open loop at 50 % and 80 % of it
 * ({@link OpenLoop}).
 */
final class ApiLatency {

  record Result(Stats validate, Stats save, List<OpenLoop.Result> gets, int flows) {}

  private static final int NODES = 500;
  private static final int REPEATS = 100;
  private static final int WARM_UP = 20;

  /** How many of the saved 500-node flows stay for the GETs (the list pages through them). */
  private static final int KEPT = 35;

  static final double[] LOADS = {0.5, 0.8};

  private ApiLatency() {}

  static Result run(Env env, int seconds) throws Exception {
    String body = Payloads.largeFlow("bench-large", env.menuTemplate(), NODES);
    List<Long> validate = new ArrayList<>();
    List<Long> save = new ArrayList<>();
    List<String> saved = new ArrayList<>();
    for (int i = 0; i < REPEATS + WARM_UP; i++) {
      long t0 = System.nanoTime();
      Api.Response v = env.api().post("/chat-flow/flows/validate/", body).ok();
      long t1 = System.nanoTime();
      Api.Response s = env.api().post("/chat-flow/flows/", body).ok();
      long t2 = System.nanoTime();
      if (i == 0 && !s.json().path("errors").isEmpty()) {
        throw new IllegalStateException("the 500-node flow is not valid: " + v.body());
      }
      saved.add(s.json().path("id").asText());
      if (i >= WARM_UP) {
        validate.add(t1 - t0);
        save.add(t2 - t1);
      }
    }
    for (String id : saved.subList(0, saved.size() - KEPT)) {
      if (env.api().delete("/chat-flow/flows/" + id + "/").status() != 204) {
        throw new IllegalStateException("could not delete flow " + id);
      }
    }
    String largeId = saved.get(saved.size() - 1);
    int flows = env.api().get("/chat-flow/flows/?page_size=1").ok().json().path("count").asInt();
    Api api = env.api();
    List<OpenLoop.Result> gets = new ArrayList<>();
    gets.add(
        OpenLoop.run(
            "GET 6-node flow detail",
            () -> api.get("/chat-flow/flows/" + env.flowB1() + "/"),
            LOADS,
            10,
            seconds));
    gets.add(
        OpenLoop.run(
            "GET flow list (page_size 20 of " + flows + ")",
            () -> api.get("/chat-flow/flows/?page_size=20"),
            LOADS,
            10,
            seconds));
    gets.add(
        OpenLoop.run(
            "GET 500-node flow detail",
            () -> api.get("/chat-flow/flows/" + largeId + "/"),
            LOADS,
            10,
            seconds));
    Result result = new Result(Stats.ofNanos(validate), Stats.ofNanos(save), gets, flows);
    System.out.printf("B5 %s%n", result);
    return result;
  }
}
