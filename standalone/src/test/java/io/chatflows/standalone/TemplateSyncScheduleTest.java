package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The template sync settings: {@code CHATFLOW_TEMPLATES_SYNC_INTERVAL} syncs every workspace's
 * business accounts without a request, {@code CHATFLOW_TEMPLATES_SYNC_MAX_PAGES} bounds how many
 * pages one account may list (a longer listing is refused and nothing is stored).
 */
@Timeout(90)
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TemplateSyncScheduleTest {

  static final TemplateGraphStandIn GRAPH = new TemplateGraphStandIn();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("chatflow.whatsapp.graph-base-url", GRAPH::baseUrl);
    registry.add("chatflow.templates.sync-interval", () -> "1s");
    registry.add("chatflow.templates.sync-max-pages", () -> "1");
  }

  @AfterAll
  static void stop() {
    GRAPH.close();
  }

  @LocalServerPort int port;

  private Http workspaceWithAccount(String wabaId, List<String> pages) {
    GRAPH.list(wabaId, pages);
    Http.Response created =
        new Http(port, AccessControlTest.ADMIN_TOKEN)
            .post("/admin/workspaces/", "{\"name\": \"ws-" + UUID.randomUUID() + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http http = new Http(port, created.json().get("token").asString());
    Http.Response channel =
        http.post(
            "/chat-flow/channels/",
            """
            {"phone_number_id": "%s", "waba_id": "%s", "access_token": "token",
             "app_secret": "secret", "mode": "cloud_api"}
            """
                .formatted(digits(), wabaId));
    assertThat(channel.status()).as(channel.body()).isEqualTo(201);
    return http;
  }

  private static String digits() {
    return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
  }

  @Test
  void givenASyncInterval_whenItPasses_theAccountsTemplatesAreImportedWithoutARequest()
      throws InterruptedException {
    String wabaId = digits();
    Http http =
        workspaceWithAccount(
            wabaId, List.of(Fixtures.sample("whatsapp-message-templates-page-2.json")));

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode page = null;
    while (System.nanoTime() < deadline) {
      page = http.get("/chat-flow/templates/").json();
      if (page.get("count").asInt() == 4) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(page.get("count").asInt()).as(page.toString()).isEqualTo(4);
    assertThat(GRAPH.listingsOf(wabaId)).isNotEmpty();
  }

  @Test
  void givenAMaxOfOnePage_whenAnAccountListsTwo_theSyncIsRefusedAndStoresNothing() {
    String wabaId = digits();
    Http http =
        workspaceWithAccount(
            wabaId,
            List.of(
                Fixtures.sample("whatsapp-message-templates-page-1.json"),
                Fixtures.sample("whatsapp-message-templates-page-2.json")));

    Http.Response refused = http.post("/chat-flow/templates/sync/", "{}");

    assertThat(refused.status()).as(refused.body()).isEqualTo(502);
    assertThat(refused.json().get("code").asString()).isEqualTo("template_sync_failed");
    assertThat(http.get("/chat-flow/templates/").json().get("count").asInt()).isZero();
  }
}
