package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.standalone.BridgeScenario.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /chat-flow/channels/} over real HTTP (write-only secrets, a globally unique {@code
 * phone_number_id} proven through a Graph API stand-in, one default per workspace, workspace
 * scoping) and a sandbox channel end to end: the outbox, the simulate endpoint and signed status
 * webhooks.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "chatflow.bootstrap.admin-token=test-admin-token")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class ChannelsAndSandboxTest {

  static final String ACCESS_TOKEN = "EAAG-secret-access-token";
  static final String APP_SECRET = "sandbox-app-secret-5f2c";
  static final String VERIFY_TOKEN = "verify-me-7a1d";

  /** The Graph API's phone number node: the access token of each test manages its numbers. */
  static final GraphNumbersStandIn GRAPH_API = new GraphNumbersStandIn();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(GRAPH_API::close, "graph-numbers-stand-in"));
  }

  @DynamicPropertySource
  static void graphApi(DynamicPropertyRegistry registry) {
    registry.add("chatflow.whatsapp.graph-base-url", GRAPH_API::baseUrl);
  }

  @LocalServerPort int port;

  Http http;
  BridgeScenario scenario;

  @BeforeEach
  void clients() {
    http = new Http(port, Fixtures.TOKEN);
    scenario = new BridgeScenario(port, null);
  }

  @Test
  void givenACloudApiChannel_whenCreatedAndRead_itNeverShowsItsSecrets(CapturedOutput output) {
    String phone = newPhoneNumberId();

    Http.Response created = http.post("/chat-flow/channels/", cloudApi(phone, false));
    Http.Response byId = http.get("/chat-flow/channels/" + created.json().get("id").asString());
    Http.Response byPhone = http.get("/chat-flow/channels/" + phone + "/");
    Http.Response list = http.get("/chat-flow/channels/?page_size=100");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode channel = created.json();
    assertThat(channel.get("phone_number_id").asString()).isEqualTo(phone);
    assertThat(channel.get("mode").asString()).isEqualTo("cloud_api");
    assertThat(channel.get("has_access_token").asBoolean()).isTrue();
    assertThat(channel.get("has_app_secret").asBoolean()).isTrue();
    assertThat(channel.get("has_verify_token").asBoolean()).isTrue();
    assertThat(channel.has("access_token")).isFalse();
    assertThat(byId.json()).isEqualTo(channel);
    assertThat(byPhone.json()).isEqualTo(channel);
    for (String body : List.of(created.body(), byId.body(), byPhone.body(), list.body())) {
      assertThat(body).doesNotContain(ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN);
    }
    assertThat(output.getAll()).doesNotContain(ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN);
  }

  @Test
  void givenATakenPhoneNumberId_whenCreatingAgain_itAnswers409InTheSameWorkspace() {
    String phone = newPhoneNumberId();
    assertThat(http.post("/chat-flow/channels/", cloudApi(phone, false)).status()).isEqualTo(201);

    Http.Response same = http.post("/chat-flow/channels/", cloudApi(phone, false));
    Http.Response sameAsSandbox = http.post("/chat-flow/channels/", sandbox(phone));

    for (Http.Response conflict : List.of(same, sameAsSandbox)) {
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.contentType()).startsWith("application/problem+json");
      assertThat(conflict.json().get("code").asString()).isEqualTo("phone_number_id_taken");
    }
  }

  @Test
  void givenANumberAnotherWorkspaceHas_whenConnected_theAnswerIsThatOfAFailedCheck() {
    String taken = newPhoneNumberId();
    assertThat(http.post("/chat-flow/channels/", cloudApi(taken, false)).status()).isEqualTo(201);
    String unproven = newPhoneNumberId();
    Http other = otherWorkspace();
    GRAPH_API.grant("other-workspace-token", taken);

    Http.Response failedCheck =
        other.post("/chat-flow/channels/", cloudApi(unproven, "other-workspace-token"));
    Http.Response takenWithValidToken =
        other.post("/chat-flow/channels/", cloudApi(taken, "other-workspace-token"));
    Http.Response takenAsSandbox = other.post("/chat-flow/channels/", sandbox(taken));

    assertThat(failedCheck.status()).isEqualTo(400);
    assertThat(failedCheck.json().get("code").asString()).isEqualTo("phone_number_not_verified");
    for (Http.Response refused : List.of(takenWithValidToken, takenAsSandbox)) {
      assertThat(refused.status()).isEqualTo(failedCheck.status());
      assertThat(refused.contentType()).isEqualTo(failedCheck.contentType());
      assertThat(refused.body().replace(taken, "N"))
          .isEqualTo(failedCheck.body().replace(unproven, "N"));
    }
    assertThat(other.get("/chat-flow/channels/").json().get("count").asInt()).isZero();
    assertThat(http.get("/chat-flow/channels/" + taken + "/").status()).isEqualTo(200);
  }

  @Test
  void givenATokenThatDoesNotManageTheNumber_whenCreatingACloudApiChannel_nothingIsStored() {
    String phone = newPhoneNumberId();
    String elsewhere = newPhoneNumberId();
    GRAPH_API.grant("token-of-another-number", elsewhere);

    Http.Response notManaged =
        http.post("/chat-flow/channels/", cloudApi(phone, "token-of-another-number"));
    Http.Response unknownToken = http.post("/chat-flow/channels/", cloudApi(phone, "EAAG-bogus"));

    for (Http.Response refused : List.of(notManaged, unknownToken)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.json().get("code").asString()).isEqualTo("phone_number_not_verified");
      assertThat(refused.json().get("errors").get(0).get("field").asString())
          .isEqualTo("phone_number_id");
    }
    assertThat(http.get("/chat-flow/channels/" + phone + "/").status()).isEqualTo(404);
    assertThat(GRAPH_API.requests())
        .contains("GET /v23.0/" + phone + "?fields=id,display_phone_number,verified_name");
  }

  @Test
  void givenTheGraphApiIsDown_whenACloudApiChannelIsCreated_itAnswers503AndNothingIsStored() {
    String phone = newPhoneNumberId();
    GRAPH_API.failing(true);
    Http.Response unavailable;
    try {
      unavailable = http.post("/chat-flow/channels/", cloudApi(phone, false));
    } finally {
      GRAPH_API.failing(false);
    }

    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.json().get("code").asString()).isEqualTo("graph_api_unavailable");
    assertThat(http.get("/chat-flow/channels/" + phone + "/").status()).isEqualTo(404);
  }

  @Test
  void
      givenAVerifiedChannel_whenItsTokenChangesOrASandboxBecomesCloudApi_theNumberIsCheckedAgain() {
    String phone = newPhoneNumberId();
    String path =
        "/chat-flow/channels/"
            + http.post("/chat-flow/channels/", cloudApi(phone, false)).json().get("id").asString()
            + "/";
    String sandboxPhone = newPhoneNumberId();
    int before = GRAPH_API.requests().size();
    Http.Response sandboxCreated = http.post("/chat-flow/channels/", sandbox(sandboxPhone));
    Http.Response renamed = http.patch(path, "{\"display_phone_number\": \"15550009999\"}");
    int unchecked = GRAPH_API.requests().size() - before;

    Http.Response newToken = http.patch(path, "{\"access_token\": \"EAAG-not-for-this-number\"}");
    Http.Response toCloudApi =
        http.patch(
            "/chat-flow/channels/" + sandboxPhone + "/",
            "{\"mode\": \"cloud_api\", \"access_token\": \"EAAG-not-for-this-number\"}");
    GRAPH_API.grant("EAAG-rotated", phone);
    Http.Response rotated = http.patch(path, "{\"access_token\": \"EAAG-rotated\"}");

    assertThat(sandboxCreated.status()).isEqualTo(201);
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(unchecked).as("a sandbox and a change without a new token call nobody").isZero();
    for (Http.Response refused : List.of(newToken, toCloudApi)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().get("code").asString()).isEqualTo("phone_number_not_verified");
    }
    assertThat(http.get("/chat-flow/channels/" + sandboxPhone + "/").json().get("mode").asString())
        .isEqualTo("sandbox");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
  }

  @Test
  void givenAnotherWorkspacesChannel_whenAccessed_itAnswers404() {
    String id =
        http.post("/chat-flow/channels/", cloudApi(newPhoneNumberId(), false))
            .json()
            .get("id")
            .asString();
    Http other = otherWorkspace();

    assertThat(other.get("/chat-flow/channels/" + id + "/").status()).isEqualTo(404);
    assertThat(other.patch("/chat-flow/channels/" + id + "/", "{\"waba_id\": \"1\"}").status())
        .isEqualTo(404);
    assertThat(other.delete("/chat-flow/channels/" + id + "/").status()).isEqualTo(404);
    assertThat(other.get("/chat-flow/channels/").json().get("count").asInt()).isZero();
    assertThat(http.get("/chat-flow/channels/" + id + "/").status()).isEqualTo(200);
  }

  @Test
  void givenBadChannelInput_whenSaving_itAnswers400NamingTheField() {
    Http.Response badMode =
        http.post(
            "/chat-flow/channels/",
            "{\"phone_number_id\": \"%s\", \"mode\": \"carrier_pigeon\"}"
                .formatted(newPhoneNumberId()));
    Http.Response noToken =
        http.post(
            "/chat-flow/channels/",
            "{\"phone_number_id\": \"%s\", \"mode\": \"cloud_api\", \"app_secret\": \"s\"}"
                .formatted(newPhoneNumberId()));
    Http.Response noNumber = http.post("/chat-flow/channels/", "{\"mode\": \"sandbox\"}");
    Http.Response wrongType =
        http.post("/chat-flow/channels/", "{\"phone_number_id\": \"1\", \"is_default\": \"yes\"}");

    assertThat(badMode.json().get("code").asString()).isEqualTo("invalid_mode");
    assertThat(noToken.json().get("code").asString()).isEqualTo("invalid_access_token");
    assertThat(noNumber.json().get("code").asString()).isEqualTo("invalid_phone_number_id");
    for (Http.Response bad : List.of(badMode, noToken, noNumber, wrongType)) {
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void givenTwoChannels_whenTheSecondBecomesDefault_theFirstIsNoLongerDefault() {
    Http other = otherWorkspace();
    JsonNode first = other.post("/chat-flow/channels/", sandbox(newPhoneNumberId())).json();
    JsonNode second = other.post("/chat-flow/channels/", sandbox(newPhoneNumberId())).json();
    assertThat(first.get("is_default").asBoolean()).isTrue();
    assertThat(second.get("is_default").asBoolean()).isFalse();

    Http.Response patched =
        other.patch(
            "/chat-flow/channels/" + second.get("id").asString() + "/",
            "{\"is_default\": true, \"access_token\": \"rotated\"}");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("is_default").asBoolean()).isTrue();
    assertThat(patched.json().get("has_access_token").asBoolean()).isTrue();
    List<Boolean> defaults = new ArrayList<>();
    other
        .get("/chat-flow/channels/")
        .json()
        .get("results")
        .forEach(c -> defaults.add(c.get("is_default").asBoolean()));
    assertThat(defaults).containsExactly(false, true);
  }

  @Test
  void givenAChannel_whenReplacedWithoutSecretsAndDeleted_itKeepsSecretsThenIsGone() {
    String phone = newPhoneNumberId();
    String path =
        "/chat-flow/channels/"
            + http.post("/chat-flow/channels/", cloudApi(phone, false)).json().get("id").asString()
            + "/";

    Http.Response replaced =
        http.put(
            path,
            "{\"phone_number_id\": \"%s\", \"mode\": \"cloud_api\", \"display_phone_number\": \"15550001111\"}"
                .formatted(phone));
    Http.Response renumbered =
        http.put(path, "{\"phone_number_id\": \"1\", \"mode\": \"cloud_api\"}");
    Http.Response deleted = http.delete(path);

    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().get("display_phone_number").asString()).isEqualTo("15550001111");
    assertThat(replaced.json().get("has_app_secret").asBoolean()).isTrue();
    assertThat(renumbered.status()).isEqualTo(400);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get(path).status()).isEqualTo(404);
  }

  @Test
  void givenASandboxChannel_whenTheContactIsSimulated_theConversationRunsThroughTheOutbox() {
    String phone = newPhoneNumberId();
    assertThat(http.post("/chat-flow/channels/", sandbox(phone)).status()).isEqualTo(201);
    Flow flow = scenario.buttonFlow();
    String contact = newContact();
    String conversation = scenario.start(flow, contact, phone);
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);
    JsonNode outbox = http.get("/chat-flow/outbox/?contact=" + contact).json();
    assertThat(outbox.get("count").asInt()).isEqualTo(1);
    assertThat(outbox.get("results").get(0).get("id").asString()).isEqualTo(welcome);
    assertThat(outbox.get("results").get(0).get("channel").asString()).isEqualTo(phone);

    Http.Response simulated =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"%s\", \"channel\": \"%s\", \"button\": \"Track Order\"}"
                .formatted(contact, phone));
    String cloudApiPhone = newPhoneNumberId();
    http.post("/chat-flow/channels/", cloudApi(cloudApiPhone, false));
    Http.Response refused =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"%s\", \"channel\": \"%s\", \"text\": \"hi\"}"
                .formatted(contact, cloudApiPhone));

    assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
    assertThat(simulated.json().get("outcome").asString()).isEqualTo("signalled");
    scenario.awaitStatus(conversation, "completed");
    JsonNode after = http.get("/chat-flow/outbox/?contact=" + contact).json();
    assertThat(after.get("results").get(1).get("template_name").asString())
        .isEqualTo("bridge_status");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("code").asString()).isEqualTo("not_sandbox");
  }

  @Test
  void givenASandboxMessage_whenSignedStatusesArriveOutOfOrder_theOutboxShowsEachOnce() {
    String phone = newPhoneNumberId();
    http.post("/chat-flow/channels/", sandbox(phone));
    String contact = newContact();
    String welcome =
        scenario.awaitWaitingOnFirstMessage(scenario.start(scenario.buttonFlow(), contact, phone));
    List<String> statuses = new ArrayList<>();
    for (String status : List.of("read", "sent", "delivered", "read")) {
      statuses.add(WebhookBodies.status(phone, welcome, status, contact, 0));
    }

    Http.Response delivered = scenario.webhook(WebhookBodies.batch(statuses), APP_SECRET);

    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    List<String> outcomes = new ArrayList<>();
    delivered.json().get("outcomes").forEach(o -> outcomes.add(o.asString()));
    assertThat(outcomes).containsExactly("recorded", "recorded", "recorded", "duplicate");
    JsonNode message = http.get("/chat-flow/outbox/?contact=" + contact).json().get("results");
    assertThat(message.get(0).get("statuses").propertyNames())
        .containsExactlyInAnyOrder("sent", "delivered", "read");
  }

  @Test
  void givenAConversationRunningOnAChannel_whenDeletingTheChannel_itAnswers409() {
    String phone = newPhoneNumberId();
    String id = http.post("/chat-flow/channels/", sandbox(phone)).json().get("id").asString();
    scenario.awaitWaitingOnFirstMessage(scenario.start(scenario.buttonFlow(), newContact(), phone));

    Http.Response refused = http.delete("/chat-flow/channels/" + id + "/");

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("code").asString()).isEqualTo("channel_in_use");
    assertThat(http.get("/chat-flow/channels/" + id + "/").status()).isEqualTo(200);
  }

  private Http otherWorkspace() {
    Http.Response created =
        new Http(port, "test-admin-token").post("/admin/workspaces/", "{\"name\": \"Other\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Http(port, created.json().get("token").asString());
  }

  private static String newPhoneNumberId() {
    return "2"
        + (100_000_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000_000L));
  }

  /** A cloud_api channel whose access token manages its number. */
  private static String cloudApi(String phone, boolean isDefault) {
    GRAPH_API.grant(ACCESS_TOKEN, phone);
    return """
        {"phone_number_id": "%s", "display_phone_number": "15550783881", "waba_id": "102290129340398",
         "access_token": "%s", "app_secret": "%s", "verify_token": "%s",
         "mode": "cloud_api", "is_default": %s}
        """
        .formatted(phone, ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, isDefault);
  }

  /** A cloud_api channel with this access token, whatever it manages. */
  private static String cloudApi(String phone, String accessToken) {
    return """
        {"phone_number_id": "%s", "access_token": "%s", "app_secret": "%s", "mode": "cloud_api"}
        """
        .formatted(phone, accessToken, APP_SECRET);
  }

  private static String sandbox(String phone) {
    return "{\"phone_number_id\": \"%s\", \"app_secret\": \"%s\", \"mode\": \"sandbox\"}"
        .formatted(phone, APP_SECRET);
  }
}
