package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * The durable floor: the least work that makes one webhook step exactly once, done with the bare
 * components in a JVM of its own (the same flags as the app's), so the app is compared with what it
 * must do at least rather than with a raw signal:
 *
 * <ol>
 *   <li>a signed HTTP request to a JDK {@link HttpServer}, its HMAC-SHA256 checked against the app
 *       secret;
 *   <li>one claim insert on the message id into the app's embedded MongoDB-wire server ({@link
 *       DurableH2Backend}, bound with the same event loops: every change committed before its
 *       reply, concurrent commands sharing a commit); a duplicate key answers {@code duplicate};
 *   <li>the signal to the contact's workflow;
 *   <li>one workflow task, which runs the send as a local activity: the look-up of its idempotency
 *       record, the POST to the Graph API stand-in, the insert of the record (a free-text message
 *       only writes the record: the app records it as an unmatched reply without sending).
 * </ol>
 *
 * Nothing else: no contact write, no projection, no metrics, no encryption. The Temporal server is
 * the benchmark's, shared with the app.
 *
 * <p>Conversations started with {@code productWrites} (webhooks to {@link #WRITES_WEBHOOK_PATH})
 * also make the writes the product makes besides these ({@link FloorWrites}): the same writes with
 * bare components, for a second comparison.
 */
final class DurableFloor {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String TASK_QUEUE = "bench-floor-durable";
  static final String WEBHOOK_PATH = "/webhooks/whatsapp/";
  static final String WRITES_WEBHOOK_PATH = "/webhooks/whatsapp/writes/";

  private DurableFloor() {}

  @WorkflowInterface
  public interface Conversation {
    @WorkflowMethod
    void run(String contact, boolean productWrites);

    /** A contact's message: {@code button} moves the conversation to a send, {@code text} not. */
    @SignalMethod
    void inbound(String type);
  }

  @ActivityInterface
  public interface Sends {
    /**
     * The send of step {@code seq} (or, without {@code send}, its record only), exactly once; with
     * {@code productWrites} also the product's step writes (a step without a send writes only
     * those, as the product records an unmatched reply).
     */
    void step(String workflowId, String contact, int seq, boolean send, boolean productWrites);
  }

  public static class ConversationImpl implements Conversation {
    private final Sends sends =
        Workflow.newLocalActivityStub(
            Sends.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .build());
    private final Queue<String> inbox = new ArrayDeque<>();

    @Override
    public void run(String contact, boolean productWrites) {
      String workflowId = Workflow.getInfo().getWorkflowId();
      sends.step(workflowId, contact, 0, true, productWrites);
      for (int seq = 1; seq <= 100_000; seq++) {
        Workflow.await(() -> !inbox.isEmpty());
        sends.step(workflowId, contact, seq, "button".equals(inbox.poll()), productWrites);
      }
    }

    @Override
    public void inbound(String type) {
      inbox.add(type);
    }
  }

  /** The send with its idempotency record in the floor's MongoDB. */
  static final class SendsImpl implements Sends {
    private final MongoCollection<Document> records;
    private final FloorWrites writes;
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI url;

    SendsImpl(MongoCollection<Document> records, FloorWrites writes, String standInBase) {
      this.records = records;
      this.writes = writes;
      this.url = URI.create(standInBase + "/" + Payloads.PHONE_NUMBER_ID + "/messages");
    }

    @Override
    public void step(
        String workflowId, String contact, int seq, boolean send, boolean productWrites) {
      if (productWrites && !send) {
        writes.step(workflowId, seq);
        return;
      }
      String id = workflowId + ":" + seq;
      if (records.find(new Document("_id", id)).first() == null) {
        String messageId = send ? post(contact) : null;
        records.insertOne(
            new Document("_id", id).append("messageId", messageId).append("at", new Date()));
      }
      if (productWrites) {
        writes.step(workflowId, seq);
      }
    }

    private String post(String contact) {
      String body =
          "{\"messaging_product\":\"whatsapp\",\"to\":\""
              + contact
              + "\",\"type\":\"template\",\"template\":{\"name\":\"floor\",\"language\":{\"code\":\"en_US\"}}}";
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer floor")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("stand-in answered " + response.statusCode());
        }
        return Api.JSON.readTree(response.body()).path("messages").path(0).path("id").asText();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The floor process: {@code floor <http port> <temporal target> <stand-in base URL> <data dir>}.
   * Runs until killed.
   */
  static void serve(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String temporalTarget = args[1];
    String standInBase = args[2];
    Path dataDir = Files.createDirectories(Path.of(args[3]));

    MongoServer mongoServer =
        new MongoServer(new DurableH2Backend(dataDir.resolve("floor.mv").toString()));
    mongoServer.bind(new InetSocketAddress("127.0.0.1", 0), 1, DurableH2Backend.EVENT_LOOPS);
    InetSocketAddress mongoAddress = mongoServer.getLocalAddress();
    MongoClient mongo =
        MongoClients.create("mongodb://127.0.0.1:" + mongoAddress.getPort() + "/floor");
    MongoCollection<Document> claims = mongo.getDatabase("floor").getCollection("claims");
    MongoCollection<Document> records = mongo.getDatabase("floor").getCollection("records");
    FloorWrites writes = new FloorWrites(mongo.getDatabase("floor"));

    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget).build());
    WorkflowClient temporal = WorkflowClient.newInstance(stubs);
    WorkerFactory factory = WorkerFactory.newInstance(temporal);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ConversationImpl.class);
    worker.registerActivitiesImplementations(new SendsImpl(records, writes, standInBase));
    factory.start();

    ExecutorService pool = Executors.newFixedThreadPool(64);
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    http.setExecutor(pool);
    byte[] secret = AppProcess.APP_SECRET.getBytes(StandardCharsets.UTF_8);
    http.createContext(WEBHOOK_PATH, exchange -> webhook(exchange, secret, claims, temporal, null));
    http.createContext(
        WRITES_WEBHOOK_PATH, exchange -> webhook(exchange, secret, claims, temporal, writes));
    http.createContext(
        "/records",
        exchange -> {
          try {
            answer(exchange, 200, String.valueOf(records.countDocuments()));
          } finally {
            exchange.close();
          }
        });
    http.createContext(
        "/steps",
        exchange -> {
          try {
            answer(exchange, 200, String.valueOf(writes.steps()));
          } finally {
            exchange.close();
          }
        });
    http.start();
    System.out.println("floor listening on 127.0.0.1:" + port);
    Thread.currentThread().join();
  }

  static String workflowId(String contact, boolean productWrites) {
    return (productWrites ? "durable-floor-writes-" : "durable-floor-") + contact;
  }

  /**
   * One signed webhook: the claim, the signal and, with {@code writes}, the product's writes after
   * the signal.
   */
  private static void webhook(
      HttpExchange exchange,
      byte[] secret,
      MongoCollection<Document> claims,
      WorkflowClient temporal,
      FloorWrites writes)
      throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!signed(secret, body, exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"))) {
        answer(exchange, 401, "{\"error\":\"invalid_signature\"}");
        return;
      }
      JsonNode message =
          JSON.readTree(body)
              .path("entry")
              .path(0)
              .path("changes")
              .path(0)
              .path("value")
              .path("messages")
              .path(0);
      String from = message.path("from").asText();
      String messageId = message.path("id").asText();
      try {
        claims.insertOne(
            new Document("_id", messageId).append("from", from).append("claimedAt", new Date()));
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
          answer(exchange, 200, "{\"outcome\":\"duplicate\"}");
          return;
        }
        throw e;
      }
      temporal
          .newUntypedWorkflowStub(workflowId(from, writes != null))
          .signal("inbound", message.path("type").asText());
      if (writes != null) {
        writes.handedOver(messageId, from);
      }
      answer(exchange, 200, "{\"outcome\":\"signalled\"}");
    } catch (RuntimeException e) {
      answer(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    } finally {
      exchange.close();
    }
  }

  private static boolean signed(byte[] secret, byte[] body, String header) {
    if (header == null || !header.startsWith("sha256=")) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] expected = mac.doFinal(body);
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(header.substring(7)));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
  }
}
