package io.chatflows.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A local HTTP server standing in for the Graph API of template lifecycle scenarios: {@code GET
 * /{phone_number_id}} answers the number's own node (so cloud API channels can be connected),
 * {@code GET /{waba_id}/message_templates} serves the pages set for the account, following the
 * {@code after} cursor each page names, and {@code POST /{phone_number_id}/messages} accepts a
 * message. Every request is recorded; an account's listing can be made to fail on a page.
 */
final class TemplateGraphStandIn implements AutoCloseable {

  /** One request the stand-in received. */
  record Received(String method, String path, String query, String body) {}

  private record Failure(int page, int status, String body) {}

  private static final Pattern TEMPLATES = Pattern.compile("/([^/]+)/message_templates");
  private static final Pattern MESSAGES = Pattern.compile("/([^/]+)/messages");
  private static final Pattern NUMBER = Pattern.compile("/([0-9]+)");

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> pages = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  TemplateGraphStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v23.0";
  }

  /** The pages {@code GET /{wabaId}/message_templates} serves, in order. */
  void list(String wabaId, List<String> bodies) {
    pages.put(wabaId, List.copyOf(bodies));
    failures.remove(wabaId);
  }

  /**
   * The account's listing answers {@code status} with {@code body} on page {@code page} (0-based).
   */
  void failOn(String wabaId, int page, int status, String body) {
    failures.put(wabaId, new Failure(page, status, body));
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** The messages sent to this contact. */
  List<Received> sendsTo(String waId) {
    return received.stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/messages"))
        .filter(r -> waId.equals(Http.JSON.readTree(r.body()).path("to").asString()))
        .toList();
  }

  /** The listing requests made for this account. */
  List<Received> listingsOf(String wabaId) {
    return received.stream()
        .filter(r -> r.path().equals("/v23.0/" + wabaId + "/message_templates"))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), path, query, body));
    String local = path.startsWith("/v23.0") ? path.substring("/v23.0".length()) : path;
    Matcher templates = TEMPLATES.matcher(local);
    Matcher messages = MESSAGES.matcher(local);
    Matcher number = NUMBER.matcher(local);
    if (exchange.getRequestMethod().equals("GET") && templates.matches()) {
      listing(exchange, templates.group(1), parameter(query, "after"));
    } else if (exchange.getRequestMethod().equals("POST") && messages.matches()) {
      answer(
          exchange,
          200,
          "{\"messaging_product\": \"whatsapp\", \"messages\": [{\"id\": \"wamid.tmpl-"
              + ids.incrementAndGet()
              + "\"}]}");
    } else if (exchange.getRequestMethod().equals("GET") && number.matches()) {
      answer(exchange, 200, "{\"id\": \"" + number.group(1) + "\", \"verified_name\": \"Shop\"}");
    } else {
      answer(exchange, 404, "{\"error\": {\"code\": 803, \"message\": \"unknown path\"}}");
    }
  }

  private void listing(HttpExchange exchange, String wabaId, String after) throws IOException {
    List<String> bodies = pages.get(wabaId);
    if (bodies == null) {
      answer(exchange, 400, "{\"error\": {\"code\": 100, \"message\": \"Unsupported get\"}}");
      return;
    }
    int index = 0;
    if (after != null) {
      index = -1;
      for (int i = 0; i < bodies.size(); i++) {
        JsonNode page = Http.JSON.readTree(bodies.get(i));
        if (after.equals(page.path("paging").path("cursors").path("after").asString(null))) {
          index = i + 1;
        }
      }
      if (index < 0 || index >= bodies.size()) {
        answer(exchange, 400, "{\"error\": {\"code\": 100, \"message\": \"bad cursor\"}}");
        return;
      }
    }
    Failure failure = failures.get(wabaId);
    if (failure != null && failure.page() == index) {
      answer(exchange, failure.status(), failure.body());
      return;
    }
    answer(exchange, 200, bodies.get(index));
  }

  private static String parameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
