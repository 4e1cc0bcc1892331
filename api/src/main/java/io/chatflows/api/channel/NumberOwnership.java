package io.chatflows.api.channel;

import io.chatflows.api.config.ApiException;
import io.chatflows.store.channel.WhatsAppProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves that a channel's access token manages its number before the channel is accepted: the
 * number's own Graph API node, {@code GET {graph base}/{phone_number_id}?fields=id,…} with the
 * token, must answer 200 with that id. Anything else WhatsApp answers means "not proven"; only an
 * unreachable, throttled or failing Graph API is a 503, so a check is never decided by an outage.
 */
@Component
class NumberOwnership {

  /** Graph API error codes that mean "slow down" or "try again", not "no". */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 4, 17, 32, 613, 80007, 130429);

  private static final String FIELDS = "id,display_phone_number,verified_name";

  private final HttpClient http;
  private final JsonMapper json;
  private final WhatsAppProperties properties;

  NumberOwnership(JsonMapper json, WhatsAppProperties properties) {
    this.json = json;
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  /**
   * Whether the Graph API confirms that {@code accessToken} manages {@code phoneNumberId}.
   *
   * @throws ApiException 503 {@code graph_api_unavailable} when the Graph API cannot tell
   */
  boolean confirms(String phoneNumberId, String accessToken) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(properties.graphBaseUrl() + "/" + phoneNumberId + "?fields=" + FIELDS))
            .timeout(properties.timeout())
            .header("Authorization", "Bearer " + accessToken)
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    }
    JsonNode answer = parse(response.body());
    int status = response.statusCode();
    JsonNode error = answer.path("error");
    if (status == 429
        || status >= 500
        || TRANSIENT_CODES.contains(error.path("code").asInt(0))
        || error.path("is_transient").asBoolean(false)) {
      throw unavailable();
    }
    return status == 200 && phoneNumberId.equals(answer.path("id").asString(""));
  }

  /**
   * The one answer to "this workspace may not connect this number", whether the Graph API did not
   * confirm it or another workspace has it: the two cannot be told apart.
   */
  static ApiException notVerified(String phoneNumberId) {
    String message =
        "phone_number_id "
            + phoneNumberId
            + " could not be verified: the Graph API must answer GET /"
            + phoneNumberId
            + " with this id for the channel's access_token (a number that is already connected"
            + " elsewhere cannot be connected either)";
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "phone_number_not_verified",
        message,
        List.of(Map.of("field", "phone_number_id", "code", "not_verified", "message", message)));
  }

  private static ApiException unavailable() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "graph_api_unavailable",
        "the Graph API could not be reached to verify the number; retry later");
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (RuntimeException e) {
      return json.createObjectNode();
    }
  }
}
