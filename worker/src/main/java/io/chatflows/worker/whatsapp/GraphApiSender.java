package io.chatflows.worker.whatsapp;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.WhatsAppProperties;
import io.chatflows.worker.metrics.SendMetrics;
import io.chatflows.workflows.conversation.SendErrors;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs messages to {@code {graph_base_url}/{phone_number_id}/messages} and maps WhatsApp's errors:
 * 429, 5xx and the throttling codes are retried by the activity's retry policy; every other error
 * is a permanent, non-retryable failure.
 */
@Component
public class GraphApiSender {

  /** Error codes that mean "slow down", not "never". */
  static final Set<Integer> THROTTLING_CODES = Set.of(4, 80007, 130429, 131056);

  static final String TRANSIENT = "WhatsAppTransientFailure";

  private final HttpClient http;
  private final JsonMapper json;
  private final WhatsAppProperties properties;
  private final SendMetrics metrics;

  public GraphApiSender(JsonMapper json, WhatsAppProperties properties, SendMetrics metrics) {
    this.json = json;
    this.properties = properties;
    this.metrics = metrics;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  /**
   * Sends one message body and returns WhatsApp's message id.
   *
   * @throws ApplicationFailure retryable for transient errors, non-retryable {@link
   *     SendErrors#PERMANENT} for the rest
   */
  public String send(ChannelDocument channel, Object body) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(properties.graphBaseUrl() + "/" + channel.phoneNumberId() + "/messages"))
            .timeout(properties.timeout())
            .header("Authorization", "Bearer " + channel.accessToken())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      metrics.graphApiError("unreachable");
      throw ApplicationFailure.newFailure("Graph API unreachable: " + e.getMessage(), TRANSIENT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", TRANSIENT);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() / 100 == 2) {
      String id = answer.path("messages").path(0).path("id").asString(null);
      if (id == null) {
        throw ApplicationFailure.newFailure("Graph API answered without a message id", TRANSIENT);
      }
      return id;
    }
    int code = answer.path("error").path("code").asInt(0);
    metrics.graphApiError(
        code != 0
            ? code
            : response.statusCode() == 429
                ? "http_429"
                : response.statusCode() >= 500 ? "http_5xx" : "other");
    String message =
        "Graph API "
            + response.statusCode()
            + " code "
            + code
            + ": "
            + answer.path("error").path("message").asString("");
    if (response.statusCode() == 429
        || response.statusCode() >= 500
        || THROTTLING_CODES.contains(code)) {
      throw ApplicationFailure.newFailure(message, TRANSIENT);
    }
    throw ApplicationFailure.newNonRetryableFailure(message, SendErrors.PERMANENT, code);
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }
}
