package io.chatflows.worker.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound guard of webhook actions against a real local HTTP server. Refused targets are
 * refused before any connection is made (literal addresses and resolution only).
 */
class WebhookCallerTest {

  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok", exchange -> respond(exchange, 200, "{\"order\":{\"status\":\"shipped\"}}"));
    server.createContext("/big", exchange -> respond(exchange, 200, "x".repeat(10_000)));
    server.createContext(
        "/to-metadata",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
          respond(exchange, 302, "");
        });
    server.createContext(
        "/to-localhost",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://localhost:" + port() + "/ok");
          respond(exchange, 302, "");
        });
    server.createContext(
        "/to-ftp",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "ftp://127.0.0.1/file");
          respond(exchange, 302, "");
        });
    server.createContext(
        "/to-malformed",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://bad host/ x");
          respond(exchange, 302, "");
        });
    server.createContext(
        "/echo",
        exchange -> {
          received.add(Received.of(exchange));
          respond(exchange, 200, "echoed");
        });
    server.createContext(
        "/redirect",
        exchange -> {
          received.add(Received.of(exchange));
          String query = exchange.getRequestURI().getRawQuery();
          String[] parts = query.split("&", 2);
          exchange
              .getResponseHeaders()
              .add(
                  "Location",
                  java.net.URLDecoder.decode(
                      parts[1].substring("to=".length()), StandardCharsets.UTF_8));
          respond(exchange, Integer.parseInt(parts[0].substring("status=".length())), "");
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(exchange, 200, "late");
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    if (otherServer != null) {
      otherServer.stop(0);
    }
  }

  /** A request a test server received: what reached it after the redirects. */
  record Received(
      int port, String method, String path, String authorization, String custom, String body) {

    static Received of(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
      return new Received(
          exchange.getLocalAddress().getPort(),
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("X-Api-Key"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private final java.util.Queue<Received> received =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private HttpServer otherServer;

  /** A second server on another port: another origin, the same allow-listed host. */
  private int otherPort() throws IOException {
    otherServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    otherServer.createContext(
        "/echo",
        exchange -> {
          received.add(Received.of(exchange));
          respond(exchange, 200, "echoed");
        });
    otherServer.start();
    return otherServer.getAddress().getPort();
  }

  /** A URL on the first server that answers {@code status} with {@code Location: to}. */
  private String redirect(int status, String to) {
    return "http://127.0.0.1:"
        + port()
        + "/redirect?status="
        + status
        + "&to="
        + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8);
  }

  private static WebhookCall postWithSecrets(String url) {
    return new WebhookCall(
        "ws",
        "POST",
        url,
        Map.of("Authorization", "Bearer s3cret", "X-Api-Key", "k3y"),
        "{\"order\":\"A-1\"}");
  }

  private void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    hits.incrementAndGet();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private int port() {
    return server.getAddress().getPort();
  }

  private static WebhookCaller sut(List<String> allowed) {
    return new WebhookCaller(new OutboundProperties(allowed, Duration.ofSeconds(1), 1_024, 3));
  }

  private static WebhookCall get(String url) {
    return new WebhookCall("ws", "GET", url, Map.of(), null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/x",
        "http://localhost/x",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/x",
        "http://172.16.3.4/x",
        "http://192.168.1.10/x",
        "http://100.64.0.1/x",
        "http://224.0.0.1/x",
        "http://0.0.0.0/x",
        "http://[fd00::1]/x",
        "http://[fe80::1]/x",
        "http://[::127.0.0.1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://[64:ff9b::7f00:1]/x",
        "http://[2002:7f00:1::1]/x",
        "http://198.18.0.1/x",
        "http://240.0.0.1/x",
        "http://255.255.255.255/x"
      })
  void givenANonPublicTarget_whenCalled_itIsRefusedWithoutRetry(String url) {
    assertThatThrownBy(() -> sut(List.of()).call(get(url)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(SendErrors.WEBHOOK_REFUSED);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://example.com/x", "file:///etc/passwd", "not a url", "http:///nohost"})
  void givenAMalformedOrNonHttpUrl_whenCalled_itIsRefused(String url) {
    assertThatThrownBy(() -> sut(List.of()).call(get(url)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(SendErrors.WEBHOOK_REFUSED));
  }

  @Test
  void givenAnAllowListedHost_whenCalled_itReturnsTheResponse() {
    WebhookResult result =
        sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + "/ok"));
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).contains("shipped");
  }

  @Test
  void givenARedirectToTheMetadataAddress_whenFollowed_itIsRefusedAtTheRedirect() {
    assertThatThrownBy(
            () ->
                sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + "/to-metadata")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(SendErrors.WEBHOOK_REFUSED));
    assertThat(hits).hasValue(1);
  }

  @Test
  void givenARedirectToANonAllowListedLoopbackName_whenFollowed_itIsRefused() {
    assertThatThrownBy(
            () ->
                sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + "/to-localhost")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(SendErrors.WEBHOOK_REFUSED));
    assertThat(hits).hasValue(1);
  }

  @Test
  void givenALargeResponse_whenRead_itIsCappedAtTheLimit() {
    WebhookResult result =
        sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + "/big"));
    assertThat(result.body()).hasSize(1_024);
  }

  @Test
  void givenASlowServer_whenCalled_itTimesOutAsARetryableFailure() {
    assertThatThrownBy(
            () -> sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + "/slow")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("WebhookTransientFailure");
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {307, 308})
  void givenARedirectToAnotherPort_whenFollowed_theSecondHostGetsNoHeadersAndNoBody(int status)
      throws IOException {
    String target = "http://127.0.0.1:" + otherPort() + "/echo";

    WebhookResult result =
        sut(List.of("127.0.0.1")).call(postWithSecrets(redirect(status, target)));

    assertThat(result.body()).isEqualTo("echoed");
    assertThat(received)
        .extracting(
            Received::path,
            Received::method,
            Received::authorization,
            Received::custom,
            Received::body)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/redirect", "POST", "Bearer s3cret", "k3y", "{\"order\":\"A-1\"}"),
            org.assertj.core.groups.Tuple.tuple("/echo", "POST", null, null, ""));
  }

  @Test
  void givenARedirectToAnotherHostName_whenFollowed_theHeadersAreDroppedAndItBecomesAGet() {
    String target = "http://localhost:" + port() + "/echo";

    sut(List.of("127.0.0.1", "localhost")).call(postWithSecrets(redirect(302, target)));

    Received last = received.stream().reduce((a, b) -> b).orElseThrow();
    assertThat(last.path()).isEqualTo("/echo");
    assertThat(last.method()).isEqualTo("GET");
    assertThat(last.authorization()).isNull();
    assertThat(last.custom()).isNull();
    assertThat(last.body()).isEmpty();
  }

  @Test
  void givenARedirectWithinTheOrigin_whenFollowed_theHeadersAndBodyAreKept() {
    String target = "http://127.0.0.1:" + port() + "/echo";

    sut(List.of("127.0.0.1")).call(postWithSecrets(redirect(307, target)));

    Received last = received.stream().reduce((a, b) -> b).orElseThrow();
    assertThat(last.path()).isEqualTo("/echo");
    assertThat(last.authorization()).isEqualTo("Bearer s3cret");
    assertThat(last.custom()).isEqualTo("k3y");
    assertThat(last.body()).isEqualTo("{\"order\":\"A-1\"}");
  }

  @Test
  void givenHeadersDroppedOnceByARedirect_whenRedirectedBackToTheOrigin_theyStayDropped()
      throws IOException {
    String back = "http://127.0.0.1:" + port() + "/echo";
    String away =
        "http://localhost:"
            + port()
            + "/redirect?status=307&to="
            + java.net.URLEncoder.encode(back, StandardCharsets.UTF_8);

    sut(List.of("127.0.0.1", "localhost")).call(postWithSecrets(redirect(307, away)));

    assertThat(received)
        .extracting(Received::authorization)
        .containsExactly("Bearer s3cret", null, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/to-ftp", "/to-malformed"})
  void givenARedirectThatIsNotHttp_whenFollowed_itIsRefusedAtOnceWithoutRetry(String path) {
    assertThatThrownBy(
            () -> sut(List.of("127.0.0.1")).call(get("http://127.0.0.1:" + port() + path)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(SendErrors.WEBHOOK_REFUSED);
              assertThat(f.isNonRetryable()).isTrue();
            });
    assertThat(hits).hasValue(1);
  }
}
