package io.chatflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The running app over HTTP on 127.0.0.1: the REST API (bearer token) and signed webhooks. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }

    Response ok() {
      if (status / 100 != 2) {
        throw new IllegalStateException("HTTP " + status + ": " + body);
      }
      return this;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String token;
  private final String appSecret;

  Api(int port, String token, String appSecret) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
    this.appSecret = appSecret;
  }

  Response get(String path) {
    return send(authorized(path).GET().build());
  }

  /** A GET that may take longer than the usual 30 s. */
  Response get(String path, Duration timeout) {
    return send(authorized(path).timeout(timeout).GET().build());
  }

  Response delete(String path) {
    return send(authorized(path).DELETE().build());
  }

  Response post(String path, String json) {
    return send(
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** A WhatsApp delivery, signed with the channel's app secret. */
  Response webhook(String json) {
    return webhook("/webhooks/whatsapp/", json);
  }

  /** A WhatsApp delivery to {@code path}, signed with the channel's app secret. */
  Response webhook(String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", sign(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
