package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

/**
 * Start-up reconciliation through a real restart of the packaged app ({@code
 * standalone/target/chat-flows.jar} of this build, run by failsafe after {@code package}) with the
 * resume of conversations switched off ({@code CHATFLOW_EMBEDDED_RESUME_CONVERSATIONS=false}): the
 * embedded Temporal server keeps workflows in memory, so a conversation that waited when the app
 * stopped is marked {@code interrupted} when it starts again, a finished one keeps its status, and
 * the contact can start a new conversation. (Resumed by default: {@link ResumeAfterKillIT}.)
 */
@DisabledIfSystemProperty(
    named = "chatflow.faults.skip",
    matches = "true",
    disabledReason = "process tests skipped explicitly with -Dchatflow.faults.skip=true")
@Timeout(300)
class PackagedRestartIT {

  private final Path dataDir = Path.of("target", "restart-data");
  private AppProcess app;

  /** This build's packaged app: never older than the module's compiled classes. */
  static Path packagedApp() {
    Path jar = Path.of("target", "chat-flows.jar");
    assertThat(jar).as("run through Maven's verify: package builds %s", jar).isRegularFile();
    try (Stream<Path> classes = Files.walk(Path.of("target", "classes"))) {
      long newest =
          classes
              .filter(Files::isRegularFile)
              .mapToLong(p -> p.toFile().lastModified())
              .max()
              .orElse(0);
      assertThat(jar.toFile().lastModified())
          .as("%s of this build", jar)
          .isGreaterThanOrEqualTo(newest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  private AppProcess start(String name, int port) {
    Map<String, String> env =
        Map.of(
            "SERVER_PORT",
            Integer.toString(port),
            "CHATFLOW_EMBEDDED_MONGO_PORT",
            "0",
            "CHATFLOW_EMBEDDED_TEMPORAL_PORT",
            "0",
            "CHATFLOW_DATA_DIR",
            dataDir.toString(),
            "CHATFLOW_BOOTSTRAP_TOKEN",
            Fixtures.TOKEN,
            "CHATFLOW_EMBEDDED_RESUME_CONVERSATIONS",
            "false");
    return AppProcess.startJar(name, packagedApp(), port, env)
        .awaitHealthy(FaultTopology.START_TIMEOUT);
  }

  @AfterEach
  void stop() throws IOException {
    if (app != null && app.alive()) {
      app.stop();
    }
    deleteData();
  }

  private void deleteData() throws IOException {
    if (Files.exists(dataDir)) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void givenResumeSwitchedOff_whenTheAppRestarts_theWaitingConversationIsInterrupted()
      throws IOException {
    deleteData();
    int port = FaultTopology.freePort();
    app = start("packaged-1", port);
    BridgeScenario scenario = new BridgeScenario(port, null);
    FlowDriver driver = new FlowDriver(scenario.http());
    BridgeScenario.Flow flow = scenario.chainFlow();
    String waitingContact = FlowDriver.newContact();
    String doneContact = FlowDriver.newContact();
    String waiting = scenario.start(flow, waitingContact, null);
    String done = scenario.start(flow, doneContact, null);
    scenario.awaitWaitingOnFirstMessage(waiting);
    scenario.awaitWaitingOnFirstMessage(done);
    driver.click(doneContact, "Track Order");
    driver.awaitWaitingAt(done, "node-2");
    driver.text(doneContact, BridgeScenario.CLOSING);
    driver.awaitStatus(done, "completed");
    JsonNode before = scenario.conversation(waiting);

    app.stop();
    app = start("packaged-2", port);

    JsonNode interrupted = scenario.conversation(waiting);
    JsonNode completed = scenario.conversation(done);
    String again = scenario.start(flow, waitingContact, null);
    scenario.awaitWaitingOnFirstMessage(again, Duration.ofSeconds(30));

    assertThat(before.get("status").asString()).isEqualTo("waiting");
    assertThat(interrupted.get("status").asString()).isEqualTo("interrupted");
    assertThat(BridgeScenario.steps(interrupted)).isEqualTo(BridgeScenario.steps(before));
    assertThat(completed.get("status").asString()).isEqualTo("completed");
    assertThat(BridgeScenario.steps(completed)).isEqualTo(BridgeScenario.CHAIN_ONCE);
    assertThat(again).isNotEqualTo(waiting);
    assertThat(scenario.conversation(again).get("status").asString()).isEqualTo("waiting");
  }
}
