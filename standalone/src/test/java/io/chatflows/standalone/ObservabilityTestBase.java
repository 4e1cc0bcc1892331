package io.chatflows.standalone;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application context the analytics and metrics tests share: the embedded default on the
 * sandbox channel, with the Prometheus endpoint and the admin endpoint enabled.
 */
@ActiveProfiles("test")
@AutoConfigureMetrics
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "chatflow.bootstrap.admin-token=" + ObservabilityTestBase.ADMIN_TOKEN)
abstract class ObservabilityTestBase {

  static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort int port;

  Http http() {
    return new Http(port, Fixtures.TOKEN);
  }
}
