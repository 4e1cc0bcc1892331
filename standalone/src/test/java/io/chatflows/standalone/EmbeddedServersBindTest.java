package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The embedded Temporal and MongoDB-wire servers ask for no credentials, so by default they listen
 * on loopback only: their ports answer on 127.0.0.1 and refuse connections on the machine's other
 * addresses.
 */
@ActiveProfiles("test")
@SpringBootTest(classes = StandaloneApplication.class)
class EmbeddedServersBindTest {

  @Value("${spring.temporal.connection.target}")
  String temporalTarget;

  @Value("${spring.mongodb.uri}")
  String mongoUri;

  @Test
  void givenTheDefaultBindAddress_theEmbeddedPortsAnswerOnLoopbackOnly() {
    Optional<InetAddress> other = LocalAddresses.nonLoopback();
    assumeTrue(other.isPresent(), "this machine has no non-loopback address to try");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int temporalPort =
        Integer.parseInt(temporalTarget.substring(temporalTarget.lastIndexOf(':') + 1));
    int mongoPort = URI.create(mongoUri).getPort();

    assertThat(temporalTarget).startsWith("127.0.0.1:");
    assertThat(LocalAddresses.accepts(loopback, temporalPort)).isTrue();
    assertThat(LocalAddresses.accepts(loopback, mongoPort)).isTrue();
    assertThat(LocalAddresses.accepts(other.get(), temporalPort))
        .as("Temporal on " + other.get())
        .isFalse();
    assertThat(LocalAddresses.accepts(other.get(), mongoPort))
        .as("MongoDB on " + other.get())
        .isFalse();
  }
}
