package io.chatflows.standalone;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.index.StoreIndexes;
import io.netty.channel.Channel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A measurement, not a test: how long the embedded default's MongoDB-wire server takes for a
 * conditional update on {@code _id} and {@code countSeq} (the counted writes' filter, as the driver
 * sends it: an {@code $and}), a find with the same filter and an update on {@code _id} alone, by
 * number of documents in the collection, on the embedded default's backend and on
 * mongo-java-server's own H2 backend committing after every command as the embedded default did
 * before it looked such filters up by {@code _id} ("before"). Both have the unique {@code (_id,
 * countSeq)} index the embedded default creates. Command and results: BENCHMARKS.md.
 *
 * <p>Arguments: sizes (default {@code 10000,40000,100000}) and operations per kind and size
 * (default 200).
 *
 * <p>With {@code lists} as first argument, the conversation list instead: a page of 20 (sorted by
 * start, newest first) and its count, as the app's {@link ConversationStore} sends them, by flow,
 * by flow and status, by flow and node, and by contact, on a collection with the indexes the app
 * creates, by number of conversations (default {@code 100000,1000000}), on both backends; the
 * "before" side stops a filter after 30 s (at least one request). Then the data file's size per
 * conversation on each side: the difference is what the secondary indexes cost on disk. A fourth
 * argument {@code after} or {@code before} measures one side only.
 */
public final class EmbeddedMongoScale {

  private EmbeddedMongoScale() {}

  /** mongo-java-server's H2 backend, committed after every changing command: the "before" side. */
  private static final class StockCommitting extends H2Backend {
    StockCommitting(String fileName) {
      super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String db, String command, Document query) {
      try {
        return super.handleCommand(channel, db, command, query);
      } finally {
        if (getMvStore().hasUnsavedChanges()) {
          commit();
        }
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals("lists")) {
      lists(
          Arrays.stream((args.length > 1 ? args[1] : "100000,1000000").split(","))
              .mapToInt(Integer::parseInt)
              .toArray(),
          args.length > 2 ? Integer.parseInt(args[2]) : 100,
          args.length > 3 ? args[3] : "both");
      return;
    }
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "10000,40000,100000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int operations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.printf(
        "nproc %d, load average (1 min) %.2f, %d operations per kind%n%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        operations);
    System.out.println(
        "| documents | backend | operation | p50 ms | p90 ms | p99 ms | mean ms |"
            + " documents examined per operation |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      for (boolean after : new boolean[] {false, true}) {
        measure(size, operations, after);
      }
    }
  }

  private static final List<String> STATUSES =
      List.of(
          "running",
          "waiting",
          "completed",
          "timed_out",
          "failed",
          "cancelled",
          "handed_off",
          "with_agent",
          "window_closed",
          "interrupted");

  private static void lists(int[] sizes, int requests, String sides) throws IOException {
    System.out.printf(
        "nproc %d, load average (1 min) %.2f, %d requests per filter%n%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        requests);
    System.out.println(
        "| conversations | backend | filter | total | n | p50 ms | p90 ms | p99 ms | max ms |"
            + " documents examined per request |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      for (boolean after : new boolean[] {true, false}) {
        if (sides.equals("both") || sides.equals(after ? "after" : "before")) {
          listScale(size, requests, after);
        }
      }
    }
  }

  /**
   * Conversation {@code i}: one workspace, flow {@code i % 10}, status {@code (i / 10) % 10}, node
   * {@code (i / 100) % 10}, one of {@code size / 10} contacts; started {@code i} seconds after a
   * base, inserted in a shuffled order of blocks.
   */
  private static org.bson.Document conversation(int i, int size) {
    return new org.bson.Document("_id", "c-" + i)
        .append("workspaceId", "ws-1")
        .append("flowId", "flow-" + (i % 10))
        .append("flowVersion", 1)
        .append("channelId", "ch-1")
        .append("contactKey", "ck-" + (i % Math.max(1, size / 10)))
        .append("workflowId", "wf-" + i)
        .append("status", STATUSES.get((i / 10) % 10))
        .append("currentNodeId", "n" + ((i / 100) % 10))
        .append("stepCount", 3)
        .append("countSeq", 1L)
        .append("startedAt", new java.util.Date(1_700_000_000_000L + i * 1000L));
  }

  private static void listScale(int size, int requests, boolean after) throws IOException {
    Path dir = Files.createTempDirectory("embedded-mongo-lists");
    String file = dir.resolve("mongo.mv").toString();
    DurableH2Backend durable = after ? new DurableH2Backend(file) : null;
    MongoServer server = new MongoServer(after ? durable : new StockCommitting(file));
    var address = server.bind();
    String side = after ? "embedded default (indexes)" : "before (server's own plan)";
    double seedSeconds = 0;
    try (MongoClient client =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
      MongoTemplate mongo = new MongoTemplate(client, "chatflows");
      ConversationStore store = new ConversationStore(mongo);
      StoreIndexes.create(mongo, true, List.of(store));
      MongoCollection<org.bson.Document> c =
          client.getDatabase("chatflows").getCollection("conversations");
      long seedStart = System.nanoTime();
      List<Integer> blocks =
          new ArrayList<>(IntStream.range(0, (size + 999) / 1000).boxed().toList());
      Collections.shuffle(blocks, new Random(size));
      for (int block : blocks) {
        c.insertMany(
            IntStream.range(block * 1000, Math.min(size, block * 1000 + 1000))
                .mapToObj(i -> conversation(i, size))
                .toList());
      }
      seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      Random random = new Random(size + 1);
      List<ListFilter> filters =
          List.of(
              new ListFilter(
                  "flow",
                  size / 10,
                  () -> ConversationQuery.inWorkspace("ws-1").flow("flow-" + random.nextInt(10))),
              new ListFilter(
                  "flow, status",
                  size / 100,
                  () ->
                      ConversationQuery.inWorkspace("ws-1")
                          .flow("flow-" + random.nextInt(10))
                          .status(
                              io.chatflows.store.conversation.StatusValueConverter.fromWireName(
                                      STATUSES.get(random.nextInt(10)))
                                  .orElseThrow())),
              new ListFilter(
                  "flow, node",
                  size / 100,
                  () ->
                      ConversationQuery.inWorkspace("ws-1")
                          .flow("flow-" + random.nextInt(10))
                          .node("n" + random.nextInt(10))),
              new ListFilter(
                  "contact",
                  10,
                  () ->
                      ConversationQuery.inWorkspace("ws-1")
                          .contact("ck-" + random.nextInt(Math.max(1, size / 10)))));
      for (ListFilter filter : filters) {
        int warmUp = after ? Math.min(20, requests) : 1;
        for (int k = 0; k < warmUp; k++) {
          ConversationQuery q = filter.query().get().build();
          store.list(q, 0, 20);
          store.count(q);
        }
        long examinedBefore = examined(durable);
        List<Double> ms = new ArrayList<>();
        long started = System.nanoTime();
        while (ms.size() < requests
            && (after || ms.isEmpty() || System.nanoTime() - started < 30_000_000_000L)) {
          ConversationQuery q = filter.query().get().build();
          long start = System.nanoTime();
          int page = store.list(q, 0, 20).size();
          long total = store.count(q);
          ms.add((System.nanoTime() - start) / 1e6);
          if (total != filter.total() || page != Math.min(20, filter.total())) {
            throw new IllegalStateException(
                filter.name() + ": " + page + " of " + total + ", expected " + filter.total());
          }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(
            "| %d | %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n",
            size,
            side,
            filter.name(),
            filter.total(),
            sorted.length,
            percentile(sorted, 50),
            percentile(sorted, 90),
            percentile(sorted, 99),
            sorted[sorted.length - 1],
            durable == null
                ? "not counted"
                : String.format(
                    "%.1f", (examined(durable) - examinedBefore) / (double) sorted.length));
      }
    } finally {
      server.shutdownNow();
      long bytes = Files.size(Path.of(file));
      System.out.printf(
          "| %d | %s | seeded in %.0f s; data file %d bytes, %.0f bytes per conversation |"
              + " | | | | | | |%n",
          size, side, seedSeconds, bytes, bytes / (double) size);
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private record ListFilter(
      String name, int total, java.util.function.Supplier<ConversationQuery.Builder> query) {}

  private static void measure(int size, int operations, boolean after) throws IOException {
    Path dir = Files.createTempDirectory("embedded-mongo-scale");
    String file = dir.resolve("mongo.mv").toString();
    DurableH2Backend durable = after ? new DurableH2Backend(file) : null;
    MongoServer server = new MongoServer(after ? durable : new StockCommitting(file));
    var address = server.bind();
    try (MongoClient client =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
      MongoCollection<org.bson.Document> c =
          client.getDatabase("chatflows").getCollection("conversations");
      c.createIndex(Indexes.ascending("_id", "countSeq"), new IndexOptions().unique(true));
      for (int from = 0; from < size; from += 1_000) {
        c.insertMany(
            IntStream.range(from, Math.min(size, from + 1_000))
                .mapToObj(
                    i ->
                        new org.bson.Document("_id", "c-" + i)
                            .append("workspaceId", "ws-1")
                            .append("flowId", "flow-" + (i % 10))
                            .append("status", "waiting")
                            .append("stepCount", 3)
                            .append("countSeq", 1L))
                .toList());
      }
      List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
      Collections.shuffle(order, new Random(size));
      int warmUp = Math.min(50, size / 4);
      String side = after ? "embedded default (by `_id`)" : "before (server's own plan)";
      // Each document gets one conditional update (countSeq 1 -> 2), so every one matches.
      run(
          size,
          side,
          "update on `_id` and `countSeq`",
          operations,
          warmUp,
          order,
          durable,
          i -> {
            long modified =
                c.updateOne(
                        and(eq("_id", "c-" + i), eq("countSeq", 1L)),
                        Updates.combine(
                            Updates.set("status", "running"), Updates.set("countSeq", 2L)))
                    .getModifiedCount();
            if (modified != 1) {
              throw new IllegalStateException("conditional update matched nothing for c-" + i);
            }
          });
      run(
          size,
          side,
          "find on `_id` and `countSeq`",
          operations,
          warmUp,
          order,
          durable,
          i -> {
            if (c.find(and(eq("_id", "c-" + i), eq("countSeq", 2L))).first() == null) {
              throw new IllegalStateException("find found nothing for c-" + i);
            }
          });
      run(
          size,
          side,
          "update on `_id` alone",
          operations,
          warmUp,
          order,
          durable,
          i -> {
            c.updateOne(eq("_id", "c-" + i), Updates.inc("stepCount", 1));
          });
    } finally {
      server.shutdownNow();
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void run(
      int size,
      String side,
      String operation,
      int operations,
      int warmUp,
      List<Integer> order,
      DurableH2Backend durable,
      IntConsumer op) {
    for (int k = 0; k < warmUp; k++) {
      op.accept(order.get(k));
    }
    long examinedBefore = examined(durable);
    double[] ms = new double[operations];
    for (int k = 0; k < operations; k++) {
      long start = System.nanoTime();
      op.accept(order.get(warmUp + k));
      ms[k] = (System.nanoTime() - start) / 1e6;
    }
    String examined =
        durable == null
            ? "not counted"
            : String.format("%.1f", (examined(durable) - examinedBefore) / (double) operations);
    double mean = Arrays.stream(ms).average().orElse(0);
    Arrays.sort(ms);
    System.out.printf(
        "| %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
        size,
        side,
        operation,
        percentile(ms, 50),
        percentile(ms, 90),
        percentile(ms, 99),
        mean,
        examined);
  }

  private static long examined(DurableH2Backend durable) {
    return durable == null ? 0 : durable.documentsExamined("chatflows", "conversations");
  }

  /** Nearest rank. */
  private static double percentile(double[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
