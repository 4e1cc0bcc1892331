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
        "http://[fe80::1]/x"
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
}
