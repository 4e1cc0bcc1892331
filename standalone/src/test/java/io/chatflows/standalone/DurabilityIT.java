package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the embedded default acknowledged survives a {@code kill -9} right after the
 * acknowledgement: the packaged app writes templates, flows, flow renames and a conversation's
 * steps, is killed with SIGKILL the moment the last write is answered, and the app started again on
 * the same data directory has every one of them.
 */
class DurabilityIT {

  static final int CLIENTS = 4;
  static final int TEMPLATES = 48;
  static final int FLOWS = 12;

  @TempDir Path dir;

  record Written(String kind, String id, String name) {}

  @Test
  @Timeout(400)
  void givenAcknowledgedWrites_whenKilledRightAfterTheLast_everyWriteIsThereAfterARestart()
      throws Exception {
    Map<String, String> env =
        Map.of(
            "CHATFLOW_DATA_DIR",
            dir.resolve("data").toString(),
            "CHATFLOW_EMBEDDED_MONGO_PORT",
            "0",
            "CHATFLOW_EMBEDDED_TEMPORAL_PORT",
            "0",
            "CHATFLOW_BOOTSTRAP_TOKEN",
            Fixtures.TOKEN);
    int port = LocalAddresses.freePort();
    AppProcess first = AppProcess.standalone("durability-before-kill", port, env);
    first.awaitHealthy(Duration.ofSeconds(120));
    AppReadiness.awaitToken(port, Fixtures.TOKEN);
    BridgeScenario scenario = new BridgeScenario(port, null);
    Http http = scenario.http();

    // A conversation's steps, written by the worker, read back through the API.
    BridgeScenario.Flow flow = scenario.buttonFlow();
    String contact = BridgeScenario.newContact();
    String conversation = scenario.start(flow, contact, null);
    scenario.awaitWaitingOnFirstMessage(conversation);
    Http.Response click =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"%s\", \"button\": \"Track Order\"}".formatted(contact));
    assertThat(click.status()).as(click.body()).isEqualTo(200);
    List<String> steps = BridgeScenario.steps(scenario.awaitStatus(conversation, "completed"));

    // Then creates and renames from several clients at once; SIGKILL as soon as all are answered.
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<Written>> writes = new ArrayList<>();
    for (int i = 0; i < TEMPLATES; i++) {
      int n = i;
      writes.add(clients.submit(() -> template(http, n)));
    }
    for (int i = 0; i < FLOWS; i++) {
      int n = i;
      writes.add(clients.submit(() -> renamedFlow(http, flow.startTemplateId(), n)));
    }
    List<Written> acknowledged = new ArrayList<>();
    for (Future<Written> write : writes) {
      acknowledged.add(write.get());
    }
    first.kill();
    clients.shutdownNow();

    int again = LocalAddresses.freePort();
    AppProcess second = AppProcess.standalone("durability-after-kill", again, env);
    try {
      second.awaitHealthy(Duration.ofSeconds(120));
      AppReadiness.awaitToken(again, Fixtures.TOKEN);
      Http restarted = new Http(again, Fixtures.TOKEN);
      List<String> missing = new ArrayList<>();
      for (Written written : acknowledged) {
        Http.Response read =
            restarted.get("/chat-flow/" + written.kind() + "/" + written.id() + "/");
        if (read.status() != 200 || !written.name().equals(read.json().get("name").asString())) {
          missing.add(written + " -> " + read.status() + " " + read.body());
        }
      }
      assertThat(missing).as("acknowledged before the kill, gone after it").isEmpty();
      JsonNode after = new BridgeScenario(again, null).conversation(conversation);
      assertThat(after.get("status").asString()).isEqualTo("completed");
      assertThat(BridgeScenario.steps(after)).isEqualTo(steps);
    } finally {
      second.stop();
    }
  }

  private static Written template(Http http, int n) {
    String name = "durable_%03d".formatted(n);
    Http.Response created =
        http.post(
            "/chat-flow/templates/",
            "{\"name\": \"%s\", \"language\": \"en_US\", \"components\": [{\"type\": \"BODY\", \"text\": \"Hello %d\"}]}"
                .formatted(name, n));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Written("templates", created.json().get("id").asString(), name);
  }

  /** A draft flow created, then renamed: the rename is the write that must survive. */
  private static Written renamedFlow(Http http, String template, int n) {
    Http.Response created =
        http.post(
            "/chat-flow/flows/",
            """
            {"name": "Durable %1$d", "is_active": false, "flow_data": {"nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%2$s"}}], "edges": []}}
            """
                .formatted(n, template));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asString();
    String name = "Durable %d renamed".formatted(n);
    Http.Response renamed =
        http.patch("/chat-flow/flows/" + id + "/", "{\"name\": \"%s\"}".formatted(name));
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    return new Written("flows", id, name);
  }
}
