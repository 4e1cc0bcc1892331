package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Runtime keys are scoped by workspace and channel: message-id claims, the messages a click or a
 * status refers to, button payloads. One workspace's simulate calls, webhooks and ids change
 * nothing in another workspace and reveal nothing about it.
 */
class RuntimeKeysIsolationTest extends BuilderTestSupport {

  @Test
  @Timeout(90)
  void
      givenAnotherWorkspaceSimulatedTheMessageIdFirst_whenTheGenuineClickArrives_itMovesTheConversation() {
    Owner owner = owner();
    Http attacker = newWorkspace();
    String attackerChannel = sandboxChannel(attacker, "attacker-secret");
    String wamid = "wamid.genuine-" + UUID.randomUUID();

    JsonNode simulated = simulate(attacker, attackerChannel, wamid, "Track Order");
    Http.Response genuine =
        webhook(
            WebhookBodies.button(
                owner.channel(), owner.contact(), wamid, owner.welcome(), "Track Order", null),
            "owner-secret");

    assertThat(simulated.get("outcome").asString()).isEqualTo("no_conversation");
    assertThat(genuine.status()).as(genuine.body()).isEqualTo(200);
    assertThat(genuine.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
    JsonNode done =
        EndToEndTest.await(
            owner.http(),
            "/chat-flow/conversations/" + owner.conversation() + "/",
            c -> c.get("status").asString().equals("completed"));
    assertThat(done.get("current_node").asString()).isEqualTo("node-2");
  }

  @Test
  @Timeout(90)
  void givenAMessageIdAnotherWorkspaceReceived_whenSimulated_theAnswerIsThatOfAnUnseenId() {
    Owner owner = owner();
    String received = "wamid.received-" + UUID.randomUUID();
    Http.Response genuine =
        webhook(
            WebhookBodies.button(
                owner.channel(), owner.contact(), received, owner.welcome(), "Track Order", null),
            "owner-secret");
    assertThat(genuine.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
    Http attacker = newWorkspace();
    String attackerChannel = sandboxChannel(attacker, "attacker-secret");

    JsonNode probe = simulate(attacker, attackerChannel, received, "Track Order");
    JsonNode unseen =
        simulate(attacker, attackerChannel, "wamid.unseen-" + UUID.randomUUID(), "Track Order");

    assertThat(probe.get("outcome").asString())
        .isEqualTo(unseen.get("outcome").asString())
        .isEqualTo("no_conversation");
  }

  @Test
  @Timeout(90)
  void
      givenAnotherWorkspacesMessage_whenItsStatusOrItsButtonPayloadArrivesOnAnotherChannel_nothingFindsIt() {
    Owner owner = owner();
    Http attacker = newWorkspace();
    String attackerChannel = sandboxChannel(attacker, "attacker-secret");
    String payload = "cf:" + owner.conversation() + ":1:0";

    Http.Response status =
        webhook(
            WebhookBodies.status(
                attackerChannel, owner.welcome(), "failed", owner.contact(), 131049),
            "attacker-secret");
    Http.Response click =
        webhook(
            WebhookBodies.button(
                attackerChannel,
                owner.contact(),
                "wamid.forged-" + UUID.randomUUID(),
                owner.welcome(),
                "Track Order",
                payload),
            "attacker-secret");
    // The owner's own second number: a status names the channel the message was sent from.
    String ownerOtherChannel = sandboxChannel(owner.http(), "owner-secret-2");
    Http.Response wrongNumber =
        webhook(
            WebhookBodies.status(ownerOtherChannel, owner.welcome(), "read", owner.contact(), 0),
            "owner-secret-2");

    assertThat(status.json().get("outcomes").get(0).asString()).isEqualTo("unknown_message");
    assertThat(click.json().get("outcomes").get(0).asString()).isEqualTo("no_conversation");
    assertThat(wrongNumber.json().get("outcomes").get(0).asString()).isEqualTo("unknown_message");
    JsonNode conversation =
        ok(owner.http().get("/chat-flow/conversations/" + owner.conversation() + "/"));
    assertThat(conversation.get("status").asString()).isEqualTo("waiting");
    assertThat(conversation.get("step_count").asInt()).isEqualTo(owner.steps());
    JsonNode outbox = ok(owner.http().get("/chat-flow/outbox/?contact=" + owner.contact()));
    assertThat(outbox.get("results").get(0).get("statuses").propertyNames()).isEmpty();
  }

  /** A workspace waiting on a contact's click on its welcome message, sent from a sandbox. */
  record Owner(
      Http http, String channel, String contact, String conversation, String welcome, int steps) {}

  private Owner owner() {
    Seed seed = seed();
    String channel = sandboxChannel(seed.http(), "owner-secret");
    String contact = "49151" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000));
    String conversation =
        created(
            seed.http(),
            "/chat-flow/flows/" + seed.flow() + "/start/",
            "{\"contact\": \"%s\", \"channel\": \"%s\"}".formatted(contact, channel));
    JsonNode waiting =
        EndToEndTest.await(
            seed.http(),
            "/chat-flow/conversations/" + conversation + "/",
            c -> c.get("status").asString().equals("waiting"));
    String welcome =
        ok(seed.http().get("/chat-flow/outbox/?contact=" + contact))
            .get("results")
            .get(0)
            .get("id")
            .asString();
    return new Owner(
        seed.http(), channel, contact, conversation, welcome, waiting.get("step_count").asInt());
  }

  private static String sandboxChannel(Http http, String appSecret) {
    String phone =
        "33" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
    Http.Response created =
        http.post(
            "/chat-flow/channels/",
            "{\"phone_number_id\": \"%s\", \"mode\": \"sandbox\", \"app_secret\": \"%s\"}"
                .formatted(phone, appSecret));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return phone;
  }

  private static JsonNode simulate(Http http, String channel, String messageId, String button) {
    return ok(
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"4915100000777\", \"channel\": \"%s\", \"button\": \"%s\", \"message_id\": \"%s\"}"
                .formatted(channel, button, messageId)));
  }

  private Http.Response webhook(String body, String secret) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Http(port, null)
        .post(
            "/webhooks/whatsapp/",
            bytes,
            Map.of(
                "Content-Type",
                "application/json",
                "X-Hub-Signature-256",
                Signatures.sign(secret, bytes)));
  }
}
