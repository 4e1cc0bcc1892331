package io.chatflows.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local HTTP server standing in for the Graph API's phone number node, {@code GET
 * /{phone_number_id}}: it answers 200 with the number's fields for an access token that manages the
 * number ({@link #grant}), 400 with WhatsApp's error 100 for a number the token does not manage,
 * 401 with error 190 for an unknown token, and 503 while {@link #failing}.
 */
final class GraphNumbersStandIn implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Set<String>> numbersByToken = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();

  GraphNumbersStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::answer);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v23.0";
  }

  /** From now on {@code accessToken} manages {@code phoneNumberId}. */
  void grant(String accessToken, String phoneNumberId) {
    numbersByToken
        .computeIfAbsent(accessToken, t -> ConcurrentHashMap.newKeySet())
        .add(phoneNumberId);
  }

  /** Answers 503 while set, as an unavailable Graph API does. */
  void failing(boolean value) {
    failing.set(value);
  }

  /** {@code METHOD path?query} of every request received. */
  List<String> requests() {
    return requests;
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
    String path = exchange.getRequestURI().getPath();
    String number = path.substring(path.lastIndexOf('/') + 1);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : "";
    Set<String> numbers = numbersByToken.get(token);
    if (failing.get()) {
      respond(
          exchange,
          503,
          "{\"error\":{\"message\":\"Service unavailable\",\"code\":2,\"is_transient\":true}}");
    } else if (!exchange.getRequestMethod().equals("GET") || path.endsWith("/messages")) {
      respond(exchange, 400, "{\"error\":{\"message\":\"unexpected request\",\"code\":100}}");
    } else if (numbers == null) {
      respond(
          exchange,
          401,
          "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
    } else if (!numbers.contains(number)) {
      respond(
          exchange,
          400,
          "{\"error\":{\"message\":\"Unsupported get request. Object with ID '"
              + number
              + "' does not exist, cannot be loaded due to missing permissions, or does not support"
              + " this operation.\",\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33}}");
    } else {
      respond(
          exchange,
          200,
          "{\"id\":\"%s\",\"display_phone_number\":\"+1 555-078-3881\",\"verified_name\":\"Stand-in\"}"
              .formatted(number));
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
