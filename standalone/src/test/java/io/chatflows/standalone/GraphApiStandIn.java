package io.chatflows.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for the WhatsApp Graph API: records every request and answers
 * like {@code POST /{phone_number_id}/messages} does, with a new message id each time. Failures are
 * scripted per recipient (the request's {@code to}), so scenarios that run side by side never take
 * each other's: {@link #failNext} answers an error, {@link #failNextAfter} answers late, {@link
 * #holdNext} accepts the message and keeps the answer back until the hold is released.
 */
final class GraphApiStandIn implements AutoCloseable {

  /** One request the stand-in received. */
  record Received(String method, String path, String authorization, String body) {}

  private record Scripted(int status, String body, long delayMillis, Hold hold) {}

  /**
   * A send the stand-in accepted (it has its message id, as WhatsApp would have) and whose answer
   * it holds back until {@link #release()}: the sender sees neither success nor failure.
   */
  static final class Hold {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Waits until the held request arrived. */
    void awaitArrived(Duration timeout) {
      try {
        if (!arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("the held send did not arrive within " + timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    void release() {
      released.countDown();
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "graph-api-stand-in");
            thread.setDaemon(true);
            return thread;
          });
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final Map<String, Queue<Scripted>> scripted = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  private final List<Hold> holds = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();

  GraphApiStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    String recipient = recipient(body);
    Queue<Scripted> queue = recipient == null ? null : scripted.get(recipient);
    Scripted next = queue == null ? null : queue.poll();
    if (next != null && next.hold() == null) {
      served.computeIfAbsent(recipient, r -> new AtomicInteger()).incrementAndGet();
    }
    if (next != null && next.delayMillis() > 0) {
      pause(next.delayMillis());
    }
    int status = next != null && next.hold() == null ? next.status() : 200;
    String answer =
        next != null && next.hold() == null
            ? next.body()
            : "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                + "\"messages\":[{\"id\":\""
                + messageId(counter.incrementAndGet())
                + "\",\"message_status\":\"accepted\"}]}";
    if (next != null && next.hold() != null) {
      next.hold().arrived.countDown();
      try {
        next.hold().released.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    try {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException callerGone) {
      // the sender gave up or died while the answer was held
    } finally {
      exchange.close();
    }
  }

  private static String recipient(String body) {
    try {
      return Http.JSON.readTree(body).path("to").asString(null);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  static String messageId(int n) {
    return "wamid.standin." + n;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v23.0";
  }

  /**
   * Answers the next send to {@code recipient} with this status and body instead of accepting it.
   */
  void failNext(String recipient, int status, String body) {
    script(recipient, new Scripted(status, body, 0, null));
  }

  /**
   * Answers the next send to {@code recipient} only after this delay (the caller gives up first).
   */
  void failNextAfter(String recipient, Duration delay, int status, String body) {
    script(recipient, new Scripted(status, body, delay.toMillis(), null));
  }

  /** Accepts the next send to {@code recipient} but holds its answer back; see {@link Hold}. */
  Hold holdNext(String recipient) {
    Hold hold = new Hold();
    holds.add(hold);
    script(recipient, new Scripted(200, null, 0, hold));
    return hold;
  }

  private void script(String recipient, Scripted answer) {
    scripted.computeIfAbsent(recipient, r -> new ConcurrentLinkedQueue<>()).add(answer);
  }

  /** How many scripted failures the stand-in answered to sends to {@code recipient}. */
  int failuresServed(String recipient) {
    AtomicInteger n = served.get(recipient);
    return n == null ? 0 : n.get();
  }

  /** Forgets every script not served yet and releases every hold. */
  void reset() {
    scripted.clear();
    holds.forEach(Hold::release);
    holds.clear();
  }

  /** Waits for the next request. */
  Received next(Duration timeout) {
    try {
      Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (r == null) {
        throw new AssertionError("the Graph API stand-in received no request within " + timeout);
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Requests received and not yet taken with {@link #next}. */
  List<Received> drain() {
    List<Received> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    reset();
    server.stop(0);
    handlers.shutdownNow();
  }
}
