package io.chatflows.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B5: validate and save of a 500-node flow (sequential, 100 times after 20 to warm up; all but the
 * last 35 saved flows are deleted again), then GET flow detail and the flow list under 50
 * concurrent clients.
 */
final class ApiLatency {

  record Result(
      Stats validate,
      Stats save,
      int clients,
      Stats detail,
      Stats list,
      Stats largeDetail,
      long errors,
      int flows) {}

  private static final int NODES = 500;
  private static final int REPEATS = 100;
  private static final int WARM_UP = 20;

  /** How many of the saved 500-node flows stay for the GETs (the list pages through them). */
  private static final int KEPT = 35;

  private static final int CLIENTS = 50;

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
    List<Long> detail = Collections.synchronizedList(new ArrayList<>());
    List<Long> list = Collections.synchronizedList(new ArrayList<>());
    List<Long> large = Collections.synchronizedList(new ArrayList<>());
    AtomicLong errors = new AtomicLong();
    String large500 = largeId;
    load(env, 5, detail, list, large, errors, large500);
    detail.clear();
    list.clear();
    large.clear();
    errors.set(0);
    load(env, seconds, detail, list, large, errors, large500);
    Result result =
        new Result(
            Stats.ofNanos(validate),
            Stats.ofNanos(save),
            CLIENTS,
            Stats.ofNanos(detail),
            Stats.ofNanos(list),
            Stats.ofNanos(large),
            errors.get(),
            flows);
    System.out.printf("B5 %s%n", result);
    return result;
  }

  /** 50 clients; each request in turn: the 6-node flow's detail, the list, the 500-node detail. */
  private static void load(
      Env env,
      int seconds,
      List<Long> detail,
      List<Long> list,
      List<Long> large,
      AtomicLong errors,
      String largeId)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  for (int n = client; n < 1_000_000 && System.nanoTime() < end; n++) {
                    int kind = n % 5;
                    String path =
                        switch (kind) {
                          case 0, 1 -> "/chat-flow/flows/" + env.flowB1() + "/";
                          case 2, 3 -> "/chat-flow/flows/?page_size=20";
                          default -> "/chat-flow/flows/" + largeId + "/";
                        };
                    long t0 = System.nanoTime();
                    int status = env.api().get(path).status();
                    long took = System.nanoTime() - t0;
                    if (status != 200) {
                      errors.incrementAndGet();
                    }
                    (kind < 2 ? detail : kind < 4 ? list : large).add(took);
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
  }
}
