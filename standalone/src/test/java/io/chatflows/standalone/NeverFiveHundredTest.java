package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.RequestGenerator.Operation;
import io.chatflows.standalone.RequestGenerator.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * No input produces a 500: for every operation of the app's own OpenAPI document ({@code
 * /v3/api-docs}), valid and mutated requests generated from its parameters and request schema are
 * sent over real HTTP, and each answer must be a success or a 4xx {@code application/problem+json}.
 *
 * <p>Per operation: two valid requests, one per parameter with a hostile value (wrong type, out of
 * range, huge, control and bidi characters, unknown ids), one per leaf of the body (up to {@link
 * RequestGenerator#MAX_LEAVES}) with a null, a value of another type or an extreme one, one per
 * object of the body (up to {@link RequestGenerator#MAX_OBJECTS}) with a key MongoDB cannot store,
 * one without a field, a broken body and a wrong content type. Webhook deliveries are signed right,
 * so what follows the signature check is reached. Seeded and reproducible: {@code
 * -Dchatflow.generative.seed=N} replays a run (the seed is in every failure).
 */
@Timeout(300)
class NeverFiveHundredTest extends BuilderTestSupport {

  private static final long SEED = Long.getLong("chatflow.generative.seed", 20_261_130L);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void givenRequestsGeneratedFromTheOpenApiDocument_whenSent_noneIsAnswered5xx() {
    JsonNode docs = ok(new Http(port, null).get("/v3/api-docs"));
    RequestGenerator generator = new RequestGenerator(docs, fixture());
    List<Operation> operations = generator.operations();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> byStatus = new TreeMap<>();
    int sent = 0;

    for (Operation operation : operations) {
      Random random = new Random(SEED * 31 + operation.key().hashCode());
      for (Request request : generator.requests(operation, random)) {
        HttpResponse<String> response = send(request);
        sent++;
        byStatus.merge(response.statusCode() / 100 + "xx", 1, Integer::sum);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() >= 500
            || (response.statusCode() >= 400 && !type.startsWith("application/problem+json"))) {
          failures.add(
              response.statusCode()
                  + " "
                  + type
                  + " for "
                  + request.describe()
                  + " -> "
                  + shortened(response.body()));
        }
      }
    }

    System.out.printf(
        "never-5xx: seed %d, %d operations, %d requests, %s%n",
        SEED, operations.size(), sent, byStatus);
    assertThat(operations.size()).isGreaterThanOrEqualTo(40);
    assertThat(sent).isBetween(300, 1_000);
    assertThat(byStatus).containsKeys("2xx", "4xx");
    assertThat(failures)
        .as("seed %d: answers that were a 5xx or a 4xx without problem+json", SEED)
        .isEmpty();
  }

  /** A workspace with something behind every id an operation can name. */
  private RequestGenerator.Fixture fixture() {
    String token = newWorkspaceToken();
    Http http = new Http(port, token);
    String welcome = created(http, "/chat-flow/templates/", Fixtures.welcomeTemplate());
    String orderStatus = created(http, "/chat-flow/templates/", Fixtures.orderStatusTemplate());
    String active = created(http, "/chat-flow/flows/", Fixtures.welcomeFlow(welcome, orderStatus));
    String draft =
        created(
            http,
            "/chat-flow/flows/",
            Fixtures.welcomeFlow(welcome, orderStatus)
                .replace("\"is_active\": true", "\"is_active\": false"));
    JsonNode draftDetail = ok(http.get("/chat-flow/flows/" + draft + "/"));
    String phoneNumberId = "87" + (System.nanoTime() % 1_000_000_000L);
    String channel =
        created(
            http,
            "/chat-flow/channels/",
            ("{\"phone_number_id\": \"%s\", \"mode\": \"sandbox\", \"app_secret\": \"gen-secret\","
                    + " \"verify_token\": \"gen-verify\"}")
                .formatted(phoneNumberId));
    Http.Response started =
        http.post(
            "/chat-flow/flows/" + active + "/start/",
            "{\"contact\": \"16557770001\", \"channel\": \"%s\"}".formatted(phoneNumberId));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String trigger =
        created(
            http,
            "/chat-flow/triggers/",
            "{\"flow\": \"%s\", \"type\": \"keyword\", \"keywords\": [\"menu\"]}"
                .formatted(active));
    return new RequestGenerator.Fixture(
        token,
        ADMIN_TOKEN,
        active,
        draft,
        welcome,
        nodeIdOf(draftDetail, "node-1"),
        edgeIdOf(draftDetail, "edge-1"),
        started.json().get("contact_key").asString(),
        started.json().get("id").asString(),
        channel,
        phoneNumberId,
        "gen-secret",
        "gen-verify",
        trigger);
  }

  private HttpResponse<String> send(Request request) {
    String query =
        request.query().entrySet().stream()
            .map(
                e ->
                    RequestGenerator.encodeQuery(e.getKey())
                        + "="
                        + RequestGenerator.encodeQuery(e.getValue()))
            .collect(Collectors.joining("&"));
    URI uri =
        URI.create(
            "http://127.0.0.1:" + port + request.path() + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    try {
      return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.describe(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String shortened(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
