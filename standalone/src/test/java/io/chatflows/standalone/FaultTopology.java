package io.chatflows.standalone;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault tests' topology: in this JVM a MongoDB-wire server, a Temporal test server (real time),
 * a Graph API stand-in and TCP proxies in front of MongoDB and Temporal; the api and the worker run
 * as separate OS processes from their jars and reach MongoDB and Temporal only through the proxies.
 */
final class FaultTopology implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  final GraphApiStandIn graphApi = new GraphApiStandIn();
  final TcpProxy mongoProxy;
  final TcpProxy temporalProxy;
  private final MongoServer mongo;
  private final TestServer.PortBoundTestServer temporal;
  private final String encryptionKey = Keyring.newKey();
  private final AtomicInteger workers = new AtomicInteger();
  private AppProcess api;
  private AppProcess worker;

  FaultTopology() {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind("127.0.0.1", 0);
    int mongoPort = mongo.getLocalAddress().getPort();
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort, true);
    SearchAttributes.register("127.0.0.1:" + temporalPort, "default");
    mongoProxy = new TcpProxy("mongo-proxy", mongoPort);
    temporalProxy = new TcpProxy("temporal-proxy", temporalPort);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "fault-topology-shutdown"));
  }

  /** Starts the api and a first worker side by side and waits until both are healthy. */
  FaultTopology startApps() {
    api = AppProcess.start("api", "api", freePort(), env());
    worker = AppProcess.start("worker-" + workers.incrementAndGet(), "worker", freePort(), env());
    CompletableFuture<AppProcess> apiUp =
        CompletableFuture.supplyAsync(() -> api.awaitHealthy(START_TIMEOUT));
    worker.awaitHealthy(START_TIMEOUT);
    apiUp.join();
    return this;
  }

  int apiPort() {
    return api.port();
  }

  AppProcess worker() {
    return worker;
  }

  /** Starts a new worker process (after the previous one was killed). */
  AppProcess startWorker() {
    worker = AppProcess.start("worker-" + workers.incrementAndGet(), "worker", freePort(), env());
    return worker.awaitHealthy(START_TIMEOUT);
  }

  /** The environment both apps get: the proxies, the same key, the bootstrap cloud_api channel. */
  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(
        "SPRING_MONGODB_URI",
        "mongodb://127.0.0.1:%d/chatflows?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000"
            .formatted(mongoProxy.port()));
    env.put("CHATFLOW_TEMPORAL_TARGET", "127.0.0.1:" + temporalProxy.port());
    env.put("CHATFLOW_ENCRYPTION_KEYS_K1", encryptionKey);
    env.put("CHATFLOW_ENCRYPTION_ACTIVE_KEY", "k1");
    env.put("CHATFLOW_BOOTSTRAP_TOKEN", Fixtures.TOKEN);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_PHONE_NUMBER_ID", Fixtures.PHONE_NUMBER_ID);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_MODE", "cloud_api");
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_ACCESS_TOKEN", Fixtures.ACCESS_TOKEN);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_APP_SECRET", Fixtures.APP_SECRET);
    env.put("CHATFLOW_BOOTSTRAP_CHANNEL_VERIFY_TOKEN", ProcessFaultTest.VERIFY_TOKEN);
    env.put("CHATFLOW_WHATSAPP_GRAPH_BASE_URL", graphApi.baseUrl());
    env.put("CHATFLOW_WHATSAPP_TIMEOUT", "2s");
    env.put("CHATFLOW_BRIDGE_HANDOVER_TIMEOUT", "3s");
    // The Temporal test server never times out a workflow task waiting on a dead worker's sticky
    // queue (a real server moves it to the normal queue after 5 s), so a SIGKILLed worker would
    // strand its cached conversations there. Without a workflow cache the worker asks for no sticky
    // queue, and every task goes through the shared one, as it would after that timeout.
    env.put("SPRING_TEMPORAL_WORKFLOWCACHE_MAXINSTANCES", "0");
    env.put("CHATFLOW_WORKER_STICKY_SCHEDULE_TO_START_TIMEOUT", "0s");
    return env;
  }

  /** The output of every process started so far. */
  java.util.List<java.nio.file.Path> logs() {
    java.util.List<java.nio.file.Path> logs = new java.util.ArrayList<>();
    logs.add(java.nio.file.Path.of("target", "faults", "api.log"));
    for (int i = 1; i <= workers.get(); i++) {
      logs.add(java.nio.file.Path.of("target", "faults", "worker-" + i + ".log"));
    }
    return logs;
  }

  @Override
  public synchronized void close() {
    if (api != null) {
      api.stop();
    }
    if (worker != null) {
      worker.stop();
    }
    mongoProxy.close();
    temporalProxy.close();
    graphApi.close();
    temporal.close();
    mongo.shutdownNow();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
