package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app connects to a secured Temporal (TLS with client certificates, and an API key as
 * Temporal Cloud uses) with nothing but the Temporal Spring Boot starter's own settings as
 * environment variables: every call it makes presents the client certificate and carries the API
 * key, and a conversation runs over that connection.
 */
class SecuredTemporalIT {

  static final String API_KEY = "it-temporal-api-key-5f3c";
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir Path dir;

  @Test
  @Timeout(180)
  void givenMtlsAndAnApiKeyInTheEnvironment_whenTheAppRuns_everyCallCarriesBoth() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    ServerCredentials tls =
        TlsServerCredentials.newBuilder()
            .keyManager(keyManagers(certificates.serverKeyStore()).getKeyManagers())
            .trustManager(trustManagers(certificates.trustKeyStore()).getTrustManagers())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build();
    try (InterceptedTemporal temporal = InterceptedTemporal.secured(tls)) {
      temporal.registerSearchAttributes("default");
      int port = LocalAddresses.freePort();
      AppProcess app =
          AppProcess.standalone(
              "secured-temporal",
              port,
              Map.of(
                  "CHATFLOW_TEMPORAL_TARGET",
                  temporal.target(),
                  "SPRING_TEMPORAL_CONNECTION_APIKEY",
                  API_KEY,
                  "SPRING_TEMPORAL_CONNECTION_MTLS_CERTCHAINFILE",
                  certificates.clientChainPem().toString(),
                  "SPRING_TEMPORAL_CONNECTION_MTLS_KEYFILE",
                  certificates.clientKeyPem().toString(),
                  // A private CA: the JVM's trust store (Temporal Cloud's CA is a public one).
                  "JAVA_TOOL_OPTIONS",
                  "-Djavax.net.ssl.trustStore="
                      + certificates.trustStore()
                      + " -Djavax.net.ssl.trustStorePassword="
                      + TestCertificates.PASSWORD,
                  "CHATFLOW_DATA_DIR",
                  dir.resolve("data").toString(),
                  "CHATFLOW_EMBEDDED_MONGO_PORT",
                  "0",
                  "CHATFLOW_BOOTSTRAP_TOKEN",
                  Fixtures.TOKEN));
      try {
        app.awaitHealthy(Duration.ofSeconds(90));
        AppReadiness.awaitToken(port, Fixtures.TOKEN);
        BridgeScenario scenario = new BridgeScenario(port, null);
        BridgeScenario.Flow flow = scenario.buttonFlow();
        String conversation = scenario.start(flow, BridgeScenario.newContact(), null);
        scenario.awaitWaitingOnFirstMessage(conversation);
        Waits.until(
            Duration.ofSeconds(30),
            "the worker completes the first workflow task",
            () ->
                temporal.calls().stream()
                        .anyMatch(call -> call.method().equals("RespondWorkflowTaskCompleted"))
                    ? true
                    : null);
      } finally {
        app.stop();
      }

      Set<String> methods =
          temporal.calls().stream()
              .map(InterceptedTemporal.Call::method)
              .collect(Collectors.toSet());
      assertThat(methods)
          .contains(
              "StartWorkflowExecution", "PollWorkflowTaskQueue", "RespondWorkflowTaskCompleted");
      for (InterceptedTemporal.Call call : temporal.calls()) {
        assertThat(call.headers().get(AUTHORIZATION))
            .as(call.method())
            .isEqualTo("Bearer " + API_KEY);
        assertThat(call.clientCertificates()).as(call.method()).isNotEmpty();
        assertThat(call.clientCertificates()[0]).isEqualTo(certificates.clientCertificate());
      }
    }
  }

  private static KeyManagerFactory keyManagers(KeyStore store) throws GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, TestCertificates.PASSWORD.toCharArray());
    return factory;
  }

  private static TrustManagerFactory trustManagers(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }
}
