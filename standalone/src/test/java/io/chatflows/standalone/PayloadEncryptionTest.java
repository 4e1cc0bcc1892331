package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Temporal payloads are AES-GCM encrypted (they carry phone numbers and message text); the codec
 * endpoint decodes them for operators holding the admin token.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PayloadEncryptionTest {

  static final String CONTACT = "4915177770001";

  @LocalServerPort int port;
  @Autowired WorkflowClient temporal;

  @Test
  @Timeout(60)
  void
      givenAStartedConversation_whenReadingItsHistory_itsPayloadsAreEncryptedAndTheCodecDecodesThem() {
    Http http = new Http(port, Fixtures.TOKEN);
    String welcome =
        http.post("/chat-flow/templates/", Fixtures.welcomeTemplate()).json().get("id").asString();
    String status =
        http.post("/chat-flow/templates/", Fixtures.orderStatusTemplate())
            .json()
            .get("id")
            .asString();
    String flow =
        http.post("/chat-flow/flows/", Fixtures.welcomeFlow(welcome, status))
            .json()
            .get("id")
            .asString();
    JsonNode started =
        http.post(
                "/chat-flow/flows/" + flow + "/start/",
                "{\"contact\": \"" + CONTACT + "\", \"name\": \"Ana\"}")
            .json();
    String workflowId = started.get("workflow_id").asString();
    assertThat(workflowId).doesNotContain(CONTACT);
    EndToEndTest.await(
        http,
        "/chat-flow/conversations/" + started.get("id").asString() + "/",
        c -> c.get("status").asString().equals("waiting"));

    WorkflowExecutionHistory history = temporal.fetchHistory(workflowId);
    HistoryEvent first = history.getEvents().get(0);
    Payload input = first.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
    assertThat(input.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(input.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("local");
    assertThat(history.toJson(false)).doesNotContain(CONTACT);

    String request =
        "{\"payloads\": [{\"metadata\": {\"encoding\": \"%s\", \"encryption-key-id\": \"%s\"}, \"data\": \"%s\"}]}"
            .formatted(
                base64(input.getMetadataMap().get("encoding").toByteArray()),
                base64(input.getMetadataMap().get("encryption-key-id").toByteArray()),
                base64(input.getData().toByteArray()));
    Http operator = new Http(port, "test-admin-token");
    Http.Response decoded =
        operator.post(
            "/codec/decode",
            request.getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json", "X-Namespace", "default"));
    assertThat(decoded.status()).isEqualTo(200);
    JsonNode payload = decoded.json().get("payloads").get(0);
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.get("metadata").get("encoding").asString()),
                StandardCharsets.UTF_8))
        .isEqualTo("json/plain");
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.get("data").asString()), StandardCharsets.UTF_8))
        .contains(CONTACT);

    assertThat(new Http(port, Fixtures.TOKEN).post("/codec/decode", request).status())
        .isEqualTo(401);
    assertThat(new Http(port, null).post("/codec/decode", request).status()).isEqualTo(401);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
