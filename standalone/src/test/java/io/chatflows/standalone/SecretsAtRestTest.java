package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.store.channel.ChannelStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Channel secrets are stored encrypted and API tokens only as hashes. */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecretsAtRestTest {

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  @Autowired ChannelStore channels;

  @Test
  void givenAChannelWithSecrets_whenStored_theDatabaseHoldsOnlyCiphertextAndTheStoreDecrypts() {
    Http http = new Http(port, Fixtures.TOKEN);
    Http.Response created =
        http.post(
            "/chat-flow/channels/",
            """
            {"phone_number_id": "300000000000001", "mode": "sandbox", "display_phone_number": "15550001111",
             "access_token": "EAAG-plain-access-token", "app_secret": "plain-app-secret",
             "verify_token": "plain-verify-token"}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("plain-");

    Document raw =
        mongo
            .getCollection("channels")
            .find(new Document("phoneNumberId", "300000000000001"))
            .first();
    assertThat(raw).isNotNull();
    for (String field : new String[] {"accessToken", "appSecret", "verifyToken"}) {
      assertThat(raw.getString(field)).startsWith("enc:v1:local:").doesNotContain("plain-");
    }
    assertThat(raw.toJson()).doesNotContain("plain-");
    assertThat(channels.byPhoneNumberId("300000000000001").orElseThrow().accessToken())
        .isEqualTo("EAAG-plain-access-token");
    assertThat(channels.anyWithVerifyToken("plain-verify-token")).isTrue();
    assertThat(
            new Http(port, null)
                .get(
                    "/webhooks/whatsapp/?hub.mode=subscribe&hub.verify_token=plain-verify-token&hub.challenge=42")
                .body())
        .isEqualTo("42");

    for (Document token : mongo.getCollection("api_tokens").find()) {
      assertThat(token.toJson()).doesNotContain(Fixtures.TOKEN + "\"");
      assertThat(token.getString("_id")).matches("[0-9a-f]{64}");
    }
  }
}
