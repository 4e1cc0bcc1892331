package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.security.Workspaces;
import io.chatflows.embedded.mongo.DurableH2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The conversation list over real HTTP on the embedded default's MongoDB backend (on disk, as the
 * packaged app runs it) with 5,000 conversations: each filtered page reads only its own 20
 * documents and its total is counted from the index without reading any, shown by the documents the
 * server examined; the driver-level commands show what the list and its count send (a find sorted
 * by start, and an aggregate of {@code $match} and {@code $group}, the driver's countDocuments).
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "chatflow.embedded.mongo.enabled=false")
class ConversationListIndexTest {

  private static final int CONVERSATIONS = 5_000;
  private static final Instant BASE = Instant.parse("2026-10-01T00:00:00Z");
  private static final List<String> CLOSED = List.of("completed", "failed", "timed_out");
  private static final Path DATA;
  private static final DurableH2Backend BACKEND;
  private static final MongoServer SERVER;
  private static final List<BsonDocument> COMMANDS = new CopyOnWriteArrayList<>();

  static {
    try {
      DATA = Files.createTempDirectory("conversation-list-index");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BACKEND = new DurableH2Backend(DATA.resolve("mongo.mv").toString());
    SERVER = new MongoServer(BACKEND);
    SERVER.bind("127.0.0.1", 0);
  }

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.mongodb.uri",
        () -> "mongodb://127.0.0.1:" + SERVER.getLocalAddress().getPort() + "/chatflows");
  }

  /** Records the commands the app sends for the conversations collection. */
  @TestConfiguration
  static class Commands {
    @Bean
    MongoClientSettingsBuilderCustomizer recordConversationCommands() {
      return settings ->
          settings.addCommandListener(
              new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                  BsonDocument command = event.getCommand();
                  var target = command.get(event.getCommandName());
                  if (target != null
                      && target.isString()
                      && target.asString().getValue().equals("conversations")) {
                    COMMANDS.add(command.clone());
                  }
                }
              });
    }
  }

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  @Autowired Workspaces workspaces;

  private Http http;
  private Workspace workspace;
  private final List<Document> seeded = new ArrayList<>();

  @AfterAll
  static void stop() throws IOException {
    SERVER.shutdownNow();
    try (var files = Files.walk(DATA)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @BeforeEach
  void seed() {
    http = new Http(port, Fixtures.TOKEN);
    workspace = workspaces.find("default").orElseThrow();
    mongo.getCollection("conversations").deleteMany(new Document());
    seeded.clear();
    // Closed conversations only: the app's own periodic reads of open ones examine none of them.
    for (int i = 0; i < CONVERSATIONS; i++) {
      seeded.add(
          new Document("_id", "list-" + i)
              .append("workspaceId", "default")
              .append("flowId", i % 5 == 0 ? "other" : "big")
              .append("flowVersion", 1)
              .append("channelId", Fixtures.PHONE_NUMBER_ID)
              .append("contactKey", workspace.contactKey("3161234" + (i % 400)))
              .append("workflowId", "wf-list-" + i)
              .append("status", CLOSED.get(i % 3))
              .append("currentNodeId", "n" + (i % 7))
              .append("stepCount", 0)
              .append("startedAt", Date.from(BASE.plusSeconds(i))));
    }
    for (int from = 0; from < CONVERSATIONS; from += 1_000) {
      mongo
          .getCollection("conversations")
          .insertMany(
              seeded.subList(from, from + 1_000).stream().map(d -> new Document(d)).toList());
    }
  }

  @Test
  void givenFiveThousandConversations_whenAFilteredPageIsListed_itExaminesOnlyThePage() {
    assertPage("flow=big", d -> d.get("flowId").equals("big"));
    assertPage(
        "flow=big&status=failed",
        d -> d.get("flowId").equals("big") && d.get("status").equals("failed"));
    assertPage(
        "flow=big&node=n3",
        d -> d.get("flowId").equals("big") && d.get("currentNodeId").equals("n3"));
    assertPage(
        "contact=3161234" + 17,
        d -> d.get("contactKey").equals(workspace.contactKey("3161234" + 17)));
    assertPage("status=completed", d -> d.get("status").equals("completed"));

    COMMANDS.clear();
    assertPage("flow=big", d -> d.get("flowId").equals("big"));
    BsonDocument filter = BsonDocument.parse("{workspaceId: 'default', flowId: 'big'}");
    assertThat(COMMANDS)
        .anySatisfy(
            c -> {
              assertThat(c.getFirstKey()).isEqualTo("find");
              assertThat(c.get("filter")).isEqualTo(filter);
              assertThat(c.get("sort")).isEqualTo(BsonDocument.parse("{startedAt: -1}"));
              assertThat(c.getNumber("limit").intValue()).isEqualTo(20);
            })
        .anySatisfy(
            c -> {
              assertThat(c.getFirstKey()).isEqualTo("aggregate");
              assertThat(c.getArray("pipeline"))
                  .containsExactly(
                      new BsonDocument("$match", filter),
                      BsonDocument.parse("{$group: {_id: 1, n: {$sum: 1}}}"));
            });
  }

  /**
   * The first and second page of 20 of a filter: the seeded order and its total, having examined
   * only the documents up to the page's last.
   */
  private void assertPage(String filter, Predicate<Document> matching) {
    List<String> expected =
        seeded.stream()
            .filter(matching)
            .sorted(Comparator.comparing((Document d) -> d.getDate("startedAt")).reversed())
            .map(d -> d.getString("_id"))
            .toList();
    for (int page = 1; page <= 2; page++) {
      long before = examined();
      Http.Response response =
          http.get("/chat-flow/conversations/?page_size=20&page=" + page + "&" + filter);
      long examined = examined() - before;
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonNode body = response.json();
      assertThat(body.get("count").asLong()).as(filter).isEqualTo(expected.size());
      List<String> ids = new ArrayList<>();
      body.get("results").forEach(r -> ids.add(r.get("id").asString()));
      int from = (page - 1) * 20;
      assertThat(ids)
          .as(filter)
          .isEqualTo(
              expected.subList(
                  Math.min(expected.size(), from), Math.min(expected.size(), from + 20)));
      // The page and the ones it skips, each matched once; the count reads none.
      assertThat(examined)
          .as("documents examined for %s, page %d", filter, page)
          .isEqualTo(Math.min(expected.size(), from + 20));
    }
  }

  private static long examined() {
    return BACKEND.documentsExamined("chatflows", "conversations");
  }
}
