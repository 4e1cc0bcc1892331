package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Tenant isolation of the runtime endpoints: channels, contacts, conversations, analytics, outbox,
 * simulate and webhooks. Another workspace's token gets 404 and cannot even confirm that an id
 * exists; webhooks of one workspace's channel never move another workspace's conversations.
 */
class RuntimeIsolationTest extends BuilderTestSupport {

  static final String CONTACT = "4915122223333";

  @Test
  @Timeout(90)
  void givenTwoWorkspaces_whenOneUsesTheOthersRuntimeIds_itGets404AndMovesNothing() {
    Seed owner = seed();
    String ownerChannel = channel(owner.http(), "310000000000001", "owner-secret");
    JsonNode started =
        ok201(
            owner
                .http()
                .post(
                    "/chat-flow/flows/" + owner.flow() + "/start/",
                    "{\"contact\": \"" + CONTACT + "\"}"));
    String conversation = started.get("id").asString();
    JsonNode waiting =
        EndToEndTest.await(
            owner.http(),
            "/chat-flow/conversations/" + conversation + "/",
            c -> c.get("status").asString().equals("waiting"));
    String contactKey = waiting.get("contact_key").asString();

    Http other = newWorkspace();
    channel(other, "310000000000002", "other-secret");

    for (String path :
        new String[] {
          "/chat-flow/channels/" + ownerChannel + "/",
          "/chat-flow/channels/310000000000001/",
          "/chat-flow/conversations/" + conversation + "/",
          "/chat-flow/contacts/" + contactKey + "/",
        }) {
      assertProblem(other.get(path), 404, "not_found");
    }
    assertProblem(
        other.patch(
            "/chat-flow/channels/" + ownerChannel + "/", "{\"display_phone_number\": \"1\"}"),
        404,
        "not_found");
    assertProblem(other.delete("/chat-flow/channels/" + ownerChannel + "/"), 404, "not_found");
    assertProblem(
        other.patch("/chat-flow/contacts/" + contactKey + "/", "{\"add_tags\": [\"x\"]}"),
        404,
        "not_found");
    assertProblem(
        other.post("/chat-flow/conversations/" + conversation + "/cancel/", "{}"),
        404,
        "not_found");
    assertProblem(other.get("/chat-flow/analytics/?flow=" + owner.flow()), 404, "not_found");
    assertProblem(
        other.post(
            "/chat-flow/flows/" + owner.flow() + "/start/", "{\"contact\": \"" + CONTACT + "\"}"),
        404,
        "not_found");
    assertProblem(
        other.post(
            "/chat-flow/simulate/",
            "{\"contact\": \""
                + CONTACT
                + "\", \"channel\": \"310000000000001\", \"text\": \"hi\"}"),
        404,
        "not_found");
    for (String list :
        new String[] {
          "/chat-flow/conversations/",
          "/chat-flow/contacts/",
          "/chat-flow/outbox/",
          "/chat-flow/outbox/?contact=" + CONTACT,
          "/chat-flow/conversations/?contact=" + CONTACT,
          "/chat-flow/contacts/?wa_id=" + CONTACT
        }) {
      assertThat(ok(other.get(list)).get("count").asInt()).as(list).isZero();
    }
    JsonNode otherChannels = ok(other.get("/chat-flow/channels/"));
    assertThat(otherChannels.toString()).doesNotContain("310000000000001");
    assertThat(ok(other.get("/chat-flow/analytics/")).toString()).doesNotContain(owner.flow());

    // The other workspace's channel receives a message from the same phone number: it is that
    // workspace's contact, and the owner's conversation does not move.
    byte[] text = textWebhook("310000000000002", CONTACT, "wamid.iso-1", "Track Order");
    Http.Response delivered = webhook(text, "other-secret");
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    // Signed with the wrong workspace's secret for the owner's number: refused.
    Http.Response forged =
        webhook(
            textWebhook("310000000000001", CONTACT, "wamid.iso-2", "Track Order"), "other-secret");
    assertThat(forged.status()).isEqualTo(401);

    JsonNode after = ok(owner.http().get("/chat-flow/conversations/" + conversation + "/"));
    assertThat(after.get("status").asString()).isEqualTo("waiting");
    assertThat(after.get("step_count").asInt()).isEqualTo(waiting.get("step_count").asInt());
    assertThat(
            ok(owner.http().get("/chat-flow/channels/" + ownerChannel + "/"))
                .get("phone_number_id")
                .asString())
        .isEqualTo("310000000000001");
  }

  private String channel(Http http, String phoneNumberId, String appSecret) {
    return ok201(
            http.post(
                "/chat-flow/channels/",
                "{\"phone_number_id\": \"%s\", \"mode\": \"sandbox\", \"app_secret\": \"%s\", \"is_default\": true}"
                    .formatted(phoneNumberId, appSecret)))
        .get("id")
        .asString();
  }

  private static JsonNode ok201(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private Http.Response webhook(byte[] body, String secret) {
    return new Http(port, null)
        .post(
            "/webhooks/whatsapp/",
            body,
            Map.of(
                "Content-Type",
                "application/json",
                "X-Hub-Signature-256",
                Signatures.sign(secret, body)));
  }

  private static byte[] textWebhook(
      String phoneNumberId, String from, String messageId, String text) {
    return """
        {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
          "messaging_product": "whatsapp",
          "metadata": {"display_phone_number": "15550000000", "phone_number_id": "%s"},
          "contacts": [{"profile": {"name": "Iso"}, "wa_id": "%s"}],
          "messages": [{"from": "%s", "id": "%s", "timestamp": "1712595443", "type": "text", "text": {"body": "%s"}}]}}]}]}
        """
        .formatted(phoneNumberId, from, from, messageId, text)
        .getBytes(StandardCharsets.UTF_8);
  }
}
