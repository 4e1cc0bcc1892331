package io.chatflows.standalone;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server standing in for the WhatsApp Graph API: records every request and answers
 * like {@code POST /{phone_number_id}/messages} does, with a new message id each time, or with the
 * scripted failures queued by {@link #failNext}.
 */
final class GraphApiStandIn implements AutoCloseable {

  /** One request the stand-in received. */
  record Received(String method, String path, String authorization, String body) {}

  private record Scripted(int status, String body, long delayMillis) {
    Scripted(int status, String body) {
      this(status, body, 0);
    }
  }

  private final HttpServer server;
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Scripted> scripted = new ConcurrentLinkedQueue<>();
  private final AtomicInteger counter = new AtomicInteger();

  GraphApiStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Scripted next = scripted.poll();
          if (next != null && next.delayMillis() > 0) {
            try {
              Thread.sleep(next.delayMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int status = next != null ? next.status() : 200;
          String answer =
              next != null
                  ? next.body()
                  : "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                      + "\"messages\":[{\"id\":\""
                      + messageId(counter.incrementAndGet())
                      + "\",\"message_status\":\"accepted\"}]}";
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  static String messageId(int n) {
    return "wamid.standin." + n;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v23.0";
  }

  /** Answers the next request with this status and body instead of accepting it. */
  void failNext(int status, String body) {
    scripted.add(new Scripted(status, body));
  }

  /** Answers the next request only after this delay (a caller with a shorter timeout gives up). */
  void failNextAfter(Duration delay, int status, String body) {
    scripted.add(new Scripted(status, body, delay.toMillis()));
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

  @Override
  public void close() {
    server.stop(0);
  }
}
