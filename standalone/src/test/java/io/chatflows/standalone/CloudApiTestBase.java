package io.chatflows.standalone;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running app with its default channel in {@code cloud_api} mode, sending to a Graph API
 * stand-in. Every test context runs a Temporal worker on the JVM-wide embedded server, so the
 * context is closed after the class: no other context's worker picks up these conversations.
 */
@AutoConfigureMetrics
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class CloudApiTestBase {

  /** One stand-in for the JVM, shared by the subclasses, which run one after the other. */
  static final GraphApiStandIn GRAPH_API = new GraphApiStandIn();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(GRAPH_API::close, "graph-api-stand-in"));
  }

  @DynamicPropertySource
  static void cloudApi(DynamicPropertyRegistry registry) {
    registry.add("chatflow.whatsapp.graph-base-url", GRAPH_API::baseUrl);
    registry.add("chatflow.bootstrap.channel.mode", () -> "cloud_api");
  }

  @LocalServerPort int port;

  BridgeScenario scenario;

  @BeforeEach
  void newScenario() {
    scenario = new BridgeScenario(port, GRAPH_API);
  }
}
