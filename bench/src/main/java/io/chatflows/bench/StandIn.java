package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server standing in for the WhatsApp Graph API ({@code POST /{id}/messages}), on
 * 127.0.0.1 only. It answers every send with a new message id, counts sends, and hands each send to
 * whoever waits for the recipient's next message ({@link #next}). Recipients starting with {@code
 * 1999} are only counted (memory benchmark: nothing is kept per contact).
 */
final class StandIn implements AutoCloseable {

  /** One send the stand-in received: when, the message id it answered, the button payloads. */
  record Sent(long nanos, String to, String wamid, String template, List<String> payloads) {}

  static final String COUNT_ONLY = "1999";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Map<String, BlockingQueue<Sent>> byContact = new ConcurrentHashMap<>();
  private final AtomicLong sends = new AtomicLong();

  StandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(pool);
    server.createContext(
        "/",
        exchange -> {
          long now = System.nanoTime();
          byte[] in = exchange.getRequestBody().readAllBytes();
          String wamid = "wamid.bench." + sends.incrementAndGet();
          try {
            record(now, wamid, JSON.readTree(in));
          } catch (IOException e) {
            // not JSON: counted only
          }
          byte[] out =
              ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                      + "\"messages\":[{\"id\":\""
                      + wamid
                      + "\",\"message_status\":\"accepted\"}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
  }

  private void record(long now, String wamid, JsonNode body) {
    String to = body.path("to").asText();
    if (to.startsWith(COUNT_ONLY)) {
      return;
    }
    List<String> payloads = new ArrayList<>();
    for (JsonNode component : body.path("template").path("components")) {
      if ("button".equals(component.path("type").asText())) {
        payloads.add(component.path("parameters").path(0).path("payload").asText());
      }
    }
    String template = body.path("template").path("name").asText();
    queue(to).add(new Sent(now, to, wamid, template, payloads));
  }

  private BlockingQueue<Sent> queue(String contact) {
    return byContact.computeIfAbsent(contact, c -> new LinkedBlockingQueue<>());
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v23.0";
  }

  long sends() {
    return sends.get();
  }

  /** The next message sent to this contact, or an exception after the timeout. */
  Sent next(String contact, long timeoutMillis) throws InterruptedException {
    Sent sent = queue(contact).poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (sent == null) {
      throw new IllegalStateException("no send to " + contact + " within " + timeoutMillis + " ms");
    }
    return sent;
  }

  /** Forgets the contacts of a finished benchmark. */
  void forget(String prefix) {
    byContact.keySet().removeIf(k -> k.startsWith(prefix));
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
