package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Draft and published versions over real HTTP: edits change only the draft, new conversations (sent
 * through a sandbox channel, seen in its outbox) start on the published version, publish and
 * rollback, the version history with who changed what, concurrent publishes, isolation and bad
 * input.
 */
class FlowPublishingTest extends BuilderTestSupport {

  @Test
  @Timeout(90)
  void
      givenAPublishedFlow_whenTheDraftIsEditedPublishedAndRolledBack_newStartsRunThePublishedOne() {
    Seed seed = seedWithChannel();
    Http http = seed.http();
    String again = created(http, "/chat-flow/templates/", welcomeAgainTemplate());
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    JsonNode created = flow(seed);
    assertThat(created.get("version").asInt()).isEqualTo(1);
    assertThat(created.get("published_version").asInt()).isEqualTo(1);
    assertThat(created.get("draft_changed").asBoolean()).isFalse();

    JsonNode edited =
        ok(
            http.put(
                path,
                Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus())
                    .replace(seed.welcome(), again)));
    assertThat(edited.get("version").asInt()).isEqualTo(2);
    assertThat(edited.get("published_version").asInt()).isEqualTo(1);
    assertThat(edited.get("draft_changed").asBoolean()).isTrue();
    assertThat(edited.get("updated_by").get("token_id").asString())
        .isEqualTo(tokenId(seed.token()));
    assertThat(sentTemplate(http, seed.flow())).as("a draft edit").isEqualTo("welcome_message");

    JsonNode published = ok(http.post(path + "publish/", ""));
    assertThat(published.get("published_version").asInt()).isEqualTo(2);
    assertThat(published.get("draft_changed").asBoolean()).isFalse();
    assertThat(sentTemplate(http, seed.flow())).as("after publishing").isEqualTo("welcome_again");

    JsonNode version2 = ok(http.get(path + "versions/2/"));
    assertThat(version2.get("is_published").asBoolean()).isTrue();
    assertThat(version2.get("published_by").get("token_id").asString())
        .isEqualTo(tokenId(seed.token()));
    assertThat(version2.get("published_by").get("token_name").isNull()).isFalse();
    assertThat(version2.get("published_at").isNull()).isFalse();
    assertThat(version2.get("changed_by").get("token_id").asString())
        .isEqualTo(tokenId(seed.token()));
    assertThat(strings(version2.get("summary").get("nodes_changed"))).containsExactly("node-1");
    assertThat(version2.get("summary").get("settings_changed").asBoolean()).isTrue();

    JsonNode rolledBack = ok(http.post(path + "rollback/", "{\"version\": 1}"));
    assertThat(rolledBack.get("version").asInt()).isEqualTo(3);
    assertThat(rolledBack.get("published_version").asInt()).isEqualTo(3);
    assertThat(rolledBack.get("start_template").asString()).isEqualTo(seed.welcome());
    assertThat(sentTemplate(http, seed.flow()))
        .as("after rolling back")
        .isEqualTo("welcome_message");

    JsonNode history = ok(http.get(path + "versions/"));
    assertThat(values(history.get("results"), "version")).containsExactly("3", "2", "1");
    assertThat(values(history.get("results"), "is_published"))
        .containsExactly("true", "false", "false");
    assertThat(values(history.get("results"), "rolled_back_from")).containsExactly("1", null, null);
    for (JsonNode version : history.get("results")) {
      assertThat(version.get("published_at").isNull()).as(version.toString()).isFalse();
    }
    assertThat(strings(history.get("results").get(0).get("summary").get("nodes_changed")))
        .containsExactly("node-1");
  }

  @Test
  void givenAnEditOfEveryKind_whenItsVersionIsRead_itsSummaryListsExactlyWhatChanged() {
    Seed seed = seed();
    Http http = seed.http();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    String graph =
        """
        {"name": "Welcome Flow", "is_active": true, "start_template": "%1$s",
         "flow_data": {
           "nodes": [
             {"id": "node-1", "type": "template", "position": {"x": 900, "y": 900},
              "data": {"template_id": "%1$s", "template_name": "welcome_message"}},
             {"id": "node-3", "type": "action", "position": {"x": 420, "y": 220},
              "data": {"action": "assign", "team": "sales", "handoff": true}},
             {"id": "node-4", "type": "action", "position": {"x": 420, "y": 420},
              "data": {"action": "end"}}],
           "edges": [
             {"id": "edge-2", "source": "node-1", "target": "node-3", "label": "Button: Talk to an agent",
              "data": {"trigger": "button_click", "trigger_value": "Talk to an agent"}},
             {"id": "edge-3", "source": "node-1", "target": "node-4", "label": "Button: Track Order"}]}}
        """
            .formatted(seed.welcome());
    ok(http.put(path, graph));

    JsonNode summary = ok(http.get(path + "versions/2/")).get("summary");
    assertThat(summary)
        .isEqualTo(
            json(
                """
                {"nodes_added": ["node-4"], "nodes_removed": ["node-2"], "nodes_changed": ["node-3"],
                 "edges_added": ["edge-3"], "edges_removed": ["edge-1"], "edges_changed": [],
                 "settings_changed": false}
                """));

    ok(http.put(path, graph.replace("\"target\": \"node-3\"", "\"target\": \"node-4\"")));
    assertThat(ok(http.get(path + "versions/3/")).get("summary"))
        .isEqualTo(
            json(
                """
                {"nodes_added": [], "nodes_removed": [], "nodes_changed": [],
                 "edges_added": [], "edges_removed": [], "edges_changed": ["edge-2"],
                 "settings_changed": false}
                """));
    JsonNode first = ok(http.get(path + "versions/1/")).get("summary");
    assertThat(strings(first.get("nodes_added"))).containsExactly("node-1", "node-2", "node-3");
    assertThat(strings(first.get("edges_added"))).containsExactly("edge-1", "edge-2");
  }

  @Test
  void givenADraftWithErrors_whenPublished_itIsRefusedAndThePublishedVersionStays() {
    Seed seed = seedWithChannel();
    Http http = seed.http();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    String broken =
        Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus())
            .replace("\"label\": \"Button: Track Order\"", "\"label\": \"Button: Cancel\"");
    JsonNode draft = ok(http.put(path, broken));
    assertThat(values(draft.get("errors"), "code")).containsExactly("unknown_button");

    JsonNode refused = assertProblem(http.post(path + "publish/", ""), 400, "invalid_flow");
    assertThat(values(refused.get("errors"), "code")).containsExactly("unknown_button");
    assertThat(values(refused.get("errors"), "edge_id")).containsExactly("edge-1");
    JsonNode flow = flow(seed);
    assertThat(flow.get("published_version").asInt()).isEqualTo(1);
    assertThat(flow.get("draft_changed").asBoolean()).isTrue();
    assertThat(sentTemplate(http, seed.flow())).isEqualTo("welcome_message");
  }

  @Test
  void givenAPublishedDraft_whenPublishedAgain_itAnswersTheSameVersionAndMakesNoNewOne() {
    Seed seed = seed();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    JsonNode again = ok(seed.http().post(path + "publish/", ""));
    assertThat(again.get("published_version").asInt()).isEqualTo(1);
    assertThat(again.get("version").asInt()).isEqualTo(1);
    assertThat(ok(seed.http().get(path + "versions/")).get("count").asInt()).isEqualTo(1);
  }

  @Test
  void givenANeverPublishedFlow_whenActivated_itsDraftIsPublishedAsItsFirstVersion() {
    Seed seed = seed();
    Http http = seed.http();
    String draft =
        Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus())
            .replace("\"is_active\": true", "\"is_active\": false");
    String id = created(http, "/chat-flow/flows/", draft);
    JsonNode inactive = ok(http.get("/chat-flow/flows/" + id + "/"));
    assertThat(inactive.get("published_version").isNull()).isTrue();
    assertThat(inactive.get("draft_changed").asBoolean()).isTrue();
    assertThat(
            ok(http.get("/chat-flow/flows/" + id + "/versions/1/")).get("is_published").asBoolean())
        .isFalse();

    // One active flow per start template: the seed's flow gives its template up first.
    ok(http.patch("/chat-flow/flows/" + seed.flow() + "/", "{\"is_active\": false}"));
    JsonNode active = ok(http.patch("/chat-flow/flows/" + id + "/", "{\"is_active\": true}"));
    assertThat(active.get("published_version").asInt()).isEqualTo(1);
    JsonNode version = ok(http.get("/chat-flow/flows/" + id + "/versions/1/"));
    assertThat(version.get("is_published").asBoolean()).isTrue();
    assertThat(version.get("published_by").get("token_id").asString())
        .isEqualTo(tokenId(seed.token()));
  }

  @Test
  @Timeout(120)
  void givenConcurrentEditsAndPublishes_whenAllAnswered_everyVersionHasOneNumberAndOnePublication()
      throws Exception {
    Seed seed = seed();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int writer = i;
      answers.add(
          pool.submit(
              () -> {
                go.await();
                Http http = new Http(port, seed.token());
                JsonNode edited =
                    ok(
                        http.patch(
                            path,
                            "{\"flow_data\": %s}"
                                .formatted(
                                    json(Fixtures.welcomeFlow(seed.welcome(), seed.orderStatus()))
                                        .get("flow_data")
                                        .toString()
                                        .replace("\"support\"", "\"team-" + writer + "\""))));
                int version = edited.get("version").asInt();
                Http.Response published =
                    http.post(
                        path + "publish/", new byte[0], Map.of("If-Match", "\"" + version + "\""));
                if (published.status() == 409) {
                  return null;
                }
                assertThat(published.status()).as(published.body()).isEqualTo(200);
                return version;
              }));
    }
    go.countDown();
    Set<Integer> publishedByAnswers = new HashSet<>();
    for (Future<Integer> answer : answers) {
      Integer version = answer.get(90, TimeUnit.SECONDS);
      if (version != null) {
        assertThat(publishedByAnswers.add(version)).as("published twice: " + version).isTrue();
      }
    }
    pool.shutdown();

    JsonNode history = ok(seed.http().get(path + "versions/?page_size=100"));
    List<String> numbers = values(history.get("results"), "version");
    assertThat(numbers).hasSize(1 + writers).doesNotHaveDuplicates();
    List<String> expected = new ArrayList<>();
    for (int v = 1 + writers; v >= 1; v--) {
      expected.add(String.valueOf(v));
    }
    assertThat(numbers).isEqualTo(expected);
    Set<Integer> publishedInHistory = new HashSet<>();
    for (JsonNode version : history.get("results")) {
      if (!version.get("published_at").isNull() && version.get("version").asInt() > 1) {
        publishedInHistory.add(version.get("version").asInt());
      }
    }
    assertThat(publishedInHistory).isEqualTo(publishedByAnswers);
    assertThat(flow(seed).get("published_version").asInt())
        .isEqualTo(publishedByAnswers.stream().mapToInt(Integer::intValue).max().orElse(1));
  }

  @Test
  void givenAnotherWorkspacesFlow_whenPublishedOrRolledBack_itIsNotFoundAndUnchanged() {
    Seed owner = seed();
    String path = "/chat-flow/flows/" + owner.flow() + "/";
    ok(owner.http().patch(path, "{\"start_template\": \"" + owner.orderStatus() + "\"}"));
    Http other = newWorkspace();
    assertProblem(other.post(path + "publish/", ""), 404, "not_found");
    assertProblem(other.post(path + "rollback/", "{\"version\": 1}"), 404, "not_found");
    assertProblem(other.get(path + "versions/2/"), 404, "not_found");
    JsonNode flow = flow(owner);
    assertThat(flow.get("version").asInt()).isEqualTo(2);
    assertThat(flow.get("published_version").asInt()).isEqualTo(1);
  }

  @Test
  void givenBadPublishAndRollbackRequests_itAnswersProblemsNamingTheField() {
    Seed seed = seed();
    Http http = seed.http();
    String path = "/chat-flow/flows/" + seed.flow() + "/";
    assertThat(problemField(http.post(path + "rollback/", "{}"), 400, "version_required"))
        .isEqualTo("version");
    assertThat(
            problemField(http.post(path + "rollback/", "{\"version\": 0}"), 400, "invalid_version"))
        .isEqualTo("version");
    assertThat(
            problemField(
                http.post(path + "rollback/", "{\"version\": -3}"), 400, "invalid_version"))
        .isEqualTo("version");
    assertThat(
            problemField(
                http.post(path + "rollback/", "{\"version\": \"two\"}"), 400, "malformed_body"))
        .isEqualTo("version");
    assertProblem(http.post(path + "rollback/", "{\"version\": 99}"), 404, "not_found");
    assertThat(problemField(http.get(path + "versions/0/"), 400, "invalid_version"))
        .isEqualTo("version");
    assertThat(problemField(http.get(path + "versions/-1/"), 400, "invalid_version"))
        .isEqualTo("version");
    assertThat(
            problemField(
                http.post(path + "publish/", new byte[0], Map.of("If-Match", "\"abc\"")),
                400,
                "invalid_if_match"))
        .isEqualTo("If-Match");
    assertProblem(
        http.post(path + "publish/", new byte[0], Map.of("If-Match", "\"7\"")),
        409,
        "version_conflict");
    assertProblem(http.post("/chat-flow/flows/nope/publish/", ""), 404, "not_found");
    assertThat(flow(seed).get("version").asInt()).isEqualTo(1);
  }

  /** Starts a conversation with a new contact and answers the template its first message used. */
  private String sentTemplate(Http http, String flow) {
    String contact = "49171" + (System.nanoTime() % 100_000_000L);
    Http.Response started =
        http.post(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"%s\", \"variables\": {\"order_id\": \"A-1\"}}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      JsonNode outbox = ok(http.get("/chat-flow/outbox/?contact=" + contact));
      JsonNode first = outbox.get("results").path(0);
      if (first.has("template_name")) {
        return first.get("template_name").asString();
      }
      Waits.pause(Duration.ofMillis(100));
    }
    throw new AssertionError("nothing was sent to " + contact);
  }

  private Seed seedWithChannel() {
    Seed seed = seed();
    created(
        seed.http(),
        "/chat-flow/channels/",
        "{\"phone_number_id\": \"87%d\", \"mode\": \"sandbox\"}"
            .formatted(System.nanoTime() % 1_000_000_000L));
    return seed;
  }

  private static String welcomeAgainTemplate() {
    return Fixtures.welcomeTemplate()
        .replace("welcome_message", "welcome_again")
        .replace("How can we help?", "Welcome back!");
  }

  /** The id a history records for a token: the first 12 hex digits of its SHA-256 hash. */
  private static String tokenId(String token) {
    return io.chatflows.api.security.Tokens.hash(token).substring(0, 12);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asString()));
    return out;
  }
}
