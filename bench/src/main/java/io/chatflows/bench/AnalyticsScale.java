package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * B6: {@code GET /chat-flow/analytics/?flow=} of one 6-node flow with 10,000, 100,000 and 1,000,000
 * conversations. The conversations (with their step batches, in the shapes the app stores) are
 * bulk-inserted straight into the app's embedded MongoDB over its wire protocol, as data written
 * before the counters existed, then counted by the app's backfill ({@code POST
 * /admin/analytics/backfill}). Their start times are spread over the same 168 hours at every size,
 * so the number of counter documents an answer reads stays the same while the conversations grow a
 * hundredfold. The floor reads the same counter documents straight from MongoDB (no HTTP, no
 * report), one read beside each answer.
 */
final class AnalyticsScale {

  record Size(
      int conversations,
      double seedSeconds,
      double backfillSeconds,
      long answeredStarted,
      Stats analytics,
      Stats floor,
      List<ListRow> lists) {}

  /**
   * B7: one filter of the conversation list ({@code page_size=20}, its total counted), through the
   * API and straight from MongoDB (the same find of 20 and count, no HTTP).
   */
  record ListRow(String filter, long total, Stats api, Stats floor) {}

  record Result(String flowId, int hours, List<Size> sizes) {}

  private static final int HOURS = 168;

  /** A contact with a conversation every this many: 1, 10 and 100 at the three sizes. */
  private static final int CONTACT_EVERY = 10_000;

  private static final String CONTACT = "15550009999";

  /** Conversations per bulk insert (with their step batches, inserted at the same time). */
  private static final int INSERT_BATCH = 5_000;

  private static final int WARM_UP = 20;

  private AnalyticsScale() {}

  /**
   * @param listsUpTo the largest size B7 runs at (its lists scan the collection where the embedded
   *     server has no index for them)
   */
  static Result run(
      Env env, int[] sizes, int requests, int listRequests, int listSeconds, int listsUpTo)
      throws Exception {
    String flowId =
        env.api()
            .post(
                "/chat-flow/flows/",
                Payloads.sixNodeFlow(
                    "bench-b6", BenchMain.menuTemplate(env.api()), env.statusTemplate()))
            .ok()
            .json()
            .path("id")
            .asText();
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS + 24));
    List<Size> results = new ArrayList<>();
    try (MongoClient client = MongoClients.create(env.app().mongoUri())) {
      MongoDatabase db = client.getDatabase("chatflows");
      String workspaceId =
          db.getCollection("flows")
              .find(Filters.eq("_id", flowId))
              .first()
              .getString("workspaceId");
      String contactKey = contactKey(env, db);
      int seeded = 0;
      for (int size : sizes) {
        long t0 = System.nanoTime();
        seed(db, workspaceId, flowId, contactKey, base, seeded, size);
        seeded = size;
        double seedSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        backfill(env);
        double backfillSeconds = (System.nanoTime() - t1) / 1e9;
        String path = "/chat-flow/analytics/?flow=" + flowId;
        for (int i = 0; i < WARM_UP; i++) {
          env.api().get(path).ok();
          readCounters(db, workspaceId, flowId);
        }
        // Each answer beside a floor read, alternating which goes first, so both meet the same
        // moments (the store still rewriting chunks after the backfill, collections).
        List<Long> latencies = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        long started = -1;
        for (int i = 0; i < requests; i++) {
          if (i % 2 == 1) {
            floor.add(readCounters(db, workspaceId, flowId));
          }
          long s = System.nanoTime();
          Api.Response r = env.api().get(path).ok();
          latencies.add(System.nanoTime() - s);
          if (i == 0) {
            started = r.json().path("conversations").path("started").asLong();
          }
          if (i % 2 == 0) {
            floor.add(readCounters(db, workspaceId, flowId));
          }
        }
        List<ListRow> lists = new ArrayList<>();
        for (String[] filter :
            size > listsUpTo
                ? List.<String[]>of()
                : List.of(
                    new String[] {"flow=" + flowId, "flow"},
                    new String[] {"flow=" + flowId + "&status=handed_off", "flow, status"},
                    new String[] {"flow=" + flowId + "&node=node-5", "flow, node"},
                    new String[] {"contact=" + CONTACT, "contact"})) {
          lists.add(
              list(env, db, workspaceId, flowId, contactKey, filter, listRequests, listSeconds));
        }
        Size result =
            new Size(
                size,
                seedSeconds,
                backfillSeconds,
                started,
                Stats.ofNanos(latencies),
                Stats.ofNanos(floor),
                lists);
        System.out.printf("B6 %s%n", result);
        results.add(result);
      }
    }
    return new Result(flowId, HOURS, results);
  }

  /**
   * The contact key the app gives {@link #CONTACT} in the workspace (salted, so read from a
   * conversation the app started for it, on another flow).
   */
  private static String contactKey(Env env, MongoDatabase db) throws InterruptedException {
    env.api().post("/chat-flow/flows/" + env.flowB1() + "/start/", Payloads.start(CONTACT)).ok();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Document started =
          db.getCollection("conversations")
              .find(Filters.eq("flowId", env.flowB1()))
              .sort(new Document("startedAt", -1))
              .first();
      if (started != null && started.getString("contactKey") != null) {
        return started.getString("contactKey");
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no conversation for " + CONTACT);
  }

  /**
   * Times one filter of the conversation list: {@code requests} answers (fewer when they take
   * longer than {@code seconds} in all, at least 3) after one warm-up, each beside the same read
   * straight from MongoDB.
   */
  private static ListRow list(
      Env env,
      MongoDatabase db,
      String workspaceId,
      String flowId,
      String contactKey,
      String[] filter,
      int requests,
      int seconds) {
    String path = "/chat-flow/conversations/?page_size=20&" + filter[0];
    Duration timeout = Duration.ofMinutes(10);
    long total = env.api().get(path, timeout).ok().json().path("count").asLong(-1);
    Document where = new Document("workspaceId", workspaceId);
    switch (filter[1]) {
      case "flow" -> where.append("flowId", flowId);
      case "flow, status" -> where.append("flowId", flowId).append("status", "handed_off");
      case "flow, node" -> where.append("flowId", flowId).append("currentNodeId", "node-5");
      default -> where.append("contactKey", contactKey);
    }
    MongoCollection<Document> conversations = db.getCollection("conversations");
    pageAndCount(conversations, where, filter[1]);
    // Each request beside a floor read, alternating which goes first (as for the analytics).
    List<Long> api = new ArrayList<>();
    List<Long> floor = new ArrayList<>();
    long budget = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (api.size() < requests && (api.size() < 3 || System.nanoTime() < budget)) {
      if (api.size() % 2 == 1) {
        floor.add(pageAndCount(conversations, where, filter[1]));
      }
      long s = System.nanoTime();
      env.api().get(path, timeout).ok();
      api.add(System.nanoTime() - s);
      if (api.size() % 2 == 1) {
        floor.add(pageAndCount(conversations, where, filter[1]));
      }
    }
    ListRow row = new ListRow(filter[1], total, Stats.ofNanos(api), Stats.ofNanos(floor));
    System.out.printf("B7 %s%n", row);
    return row;
  }

  /**
   * Conversations {@code from} (inclusive) to {@code to} (exclusive), in bulk: each chunk's
   * conversations and step batches are inserted at the same time, on two connections.
   */
  private static void seed(
      MongoDatabase db,
      String workspaceId,
      String flowId,
      String contactKey,
      Instant base,
      int from,
      int to)
      throws Exception {
    MongoCollection<Document> conversations = db.getCollection("conversations");
    MongoCollection<Document> steps = db.getCollection("conversation_steps");
    ExecutorService inserter = Executors.newSingleThreadExecutor();
    try {
      for (int start = from; start < to; start += INSERT_BATCH) {
        List<Document> batchOfConversations = new ArrayList<>(INSERT_BATCH);
        List<Document> batchOfSteps = new ArrayList<>(INSERT_BATCH * 2);
        for (int i = start; i < Math.min(to, start + INSERT_BATCH); i++) {
          conversation(
              i, workspaceId, flowId, contactKey, base, batchOfConversations, batchOfSteps);
        }
        Future<?> stepsInserted = inserter.submit(() -> steps.insertMany(batchOfSteps));
        conversations.insertMany(batchOfConversations);
        stepsInserted.get();
      }
    } finally {
      inserter.shutdownNow();
    }
  }

  /**
   * Conversation {@code i} of the 6-node flow: four in ten wait at the menu, two went on to the
   * order status and wait there, one was handed off, one timed out, one replied something the menu
   * does not match, one was cancelled at the order status.
   */
  private static void conversation(
      int i,
      String workspaceId,
      String flowId,
      String contactKey,
      Instant base,
      List<Document> conversations,
      List<Document> batches) {
    String id = "b6-" + i;
    Instant startedAt = base.plus(Duration.ofHours(i % HOURS)).plusSeconds((i * 7919L) % 3600);
    List<Document> first = new ArrayList<>();
    first.add(step(0, "node_entered", "node-1", null, null, "template", startedAt));
    first.add(step(1, "message_sent", "node-1", null, null, "wamid.b6." + i + ".1", startedAt));
    List<Document> second = new ArrayList<>();
    String status = "waiting";
    String at = "node-1";
    Instant endedAt = null;
    int kind = i % 10;
    if (kind == 4 || kind == 5 || kind == 9) {
      Instant t = startedAt.plusSeconds(30);
      second.add(step(2, "edge_taken", "node-1", "edge-1", "button_click", null, t));
      second.add(step(3, "node_entered", "node-2", null, null, "condition", t));
      second.add(step(4, "edge_taken", "node-2", "edge-3", "condition", null, t));
      second.add(step(5, "node_entered", "node-3", null, null, "action", t));
      second.add(step(6, "action", "node-3", null, null, "set_variable order_id", t));
      second.add(step(7, "edge_taken", "node-3", "edge-5", "default", null, t));
      second.add(step(8, "node_entered", "node-4", null, null, "template", t));
      second.add(step(9, "message_sent", "node-4", null, null, "wamid.b6." + i + ".2", t));
      at = "node-4";
      if (kind == 9) {
        endedAt = t.plusSeconds(300);
        second.add(step(10, "ended", "node-4", null, null, "cancelled", endedAt));
        status = "cancelled";
      }
    } else if (kind == 6) {
      Instant t = startedAt.plusSeconds(40);
      second.add(step(2, "edge_taken", "node-1", "edge-2", "button_click", null, t));
      second.add(step(3, "node_entered", "node-5", null, null, "action", t));
      second.add(step(4, "action", "node-5", null, null, "assign support", t));
      second.add(step(5, "ended", "node-5", null, null, "handed_off", t));
      at = "node-5";
      status = "handed_off";
      endedAt = t;
    } else if (kind == 7) {
      endedAt = startedAt.plusSeconds(86_400);
      second.add(step(2, "ended", "node-1", null, null, "timed_out", endedAt));
      status = "timed_out";
    } else if (kind == 8) {
      second.add(step(2, "unmatched_reply", "node-1", null, "text", "hello?", startedAt));
    }
    batches.add(batch(id, workspaceId, 0, first));
    if (!second.isEmpty()) {
      batches.add(batch(id, workspaceId, 2, second));
    }
    conversations.add(
        new Document("_id", id)
            .append("workspaceId", workspaceId)
            .append("flowId", flowId)
            .append("flowVersion", 1)
            .append("channelId", Payloads.PHONE_NUMBER_ID)
            .append("contactKey", i % CONTACT_EVERY == 0 ? contactKey : "b6-contact-" + i)
            .append("workflowId", "b6-workflow-" + i)
            .append("runId", "b6-run-" + i)
            .append("status", status)
            .append("currentNodeId", at)
            .append("variables", new Document())
            .append("stepCount", first.size() + second.size())
            .append("startedAt", Date.from(startedAt))
            .append("updatedAt", Date.from(endedAt != null ? endedAt : startedAt))
            .append("endedAt", endedAt == null ? null : Date.from(endedAt)));
  }

  private static Document step(
      int seq, String kind, String node, String edge, String trigger, String detail, Instant at) {
    return new Document("seq", seq)
        .append("kind", kind)
        .append("nodeId", node)
        .append("edgeId", edge)
        .append("trigger", trigger)
        .append("detail", detail)
        .append("at", at.toEpochMilli());
  }

  private static Document batch(String id, String workspaceId, int firstSeq, List<Document> steps) {
    return new Document("_id", id + ":" + firstSeq + ":" + steps.size())
        .append("conversationId", id)
        .append("workspaceId", workspaceId)
        .append("firstSeq", firstSeq)
        .append("steps", steps);
  }

  /** Starts the app's backfill and waits for it to complete (bounded). */
  private static void backfill(Env env) throws InterruptedException {
    JsonNode started = env.app().admin().post("/admin/analytics/backfill", "").ok().json();
    String since = started.path("started_at").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
    while (System.nanoTime() < deadline) {
      JsonNode state = env.app().admin().get("/admin/analytics/backfill").ok().json();
      if (state.path("started_at").asText().equals(since)
          && !"running".equals(state.path("state").asText())) {
        if (!"completed".equals(state.path("state").asText())) {
          throw new IllegalStateException("the backfill did not complete: " + state);
        }
        return;
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("the backfill did not complete within 60 minutes");
  }

  /** The list's floor: the same page of 20 and count straight from MongoDB; nanoseconds. */
  private static long pageAndCount(
      MongoCollection<Document> conversations, Document where, String filter) {
    long s = System.nanoTime();
    int read = 0;
    for (Document ignored :
        conversations.find(where).sort(new Document("startedAt", -1)).limit(20)) {
      read++;
    }
    long counted = conversations.countDocuments(where);
    long took = System.nanoTime() - s;
    if (read == 0 && counted > 0) {
      throw new IllegalStateException("no page for " + filter);
    }
    return took;
  }

  /**
   * The least an answer needs: the flow's catalog and its counter documents, by id; nanoseconds.
   */
  private static long readCounters(MongoDatabase db, String workspaceId, String flowId) {
    long s = System.nanoTime();
    Document c =
        db.getCollection("flow_counter_hours")
            .find(Filters.eq("_id", workspaceId + "|" + flowId))
            .first();
    Document span = c.get("versions", Document.class).get("1", Document.class);
    List<String> ids = new ArrayList<>();
    for (Instant h = span.getDate("first").toInstant();
        !h.isAfter(span.getDate("last").toInstant());
        h = h.plus(Duration.ofHours(1))) {
      ids.add(workspaceId + "|" + flowId + "|1|" + h.getEpochSecond() / 3600);
    }
    int read = 0;
    for (Document ignored : db.getCollection("flow_counters").find(Filters.in("_id", ids))) {
      read++;
    }
    long took = System.nanoTime() - s;
    if (read == 0) {
      throw new IllegalStateException("no counter documents for " + flowId);
    }
    return took;
  }
}
