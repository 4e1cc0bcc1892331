package io.chatflows.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.FileSystemUtils;

/**
 * The fault tests' topology: in this JVM the embedded default's MongoDB-wire server (its data file
 * in a temporary directory), a Temporal test server (real time), a Graph API stand-in and TCP
 * proxies in front of MongoDB and Temporal; the api and the worker run as separate OS processes
 * from their jars and reach MongoDB and Temporal only through the proxies.
 */
final class FaultTopology implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** The apps' claim lease (production: 1 min), short so a scenario can wait one out. */
  static final Duration CLAIM_LEASE = Duration.ofSeconds(20);

  final GraphApiStandIn graphApi = new GraphApiStandIn();
  final TcpProxy mongoProxy;
  final TcpProxy temporalProxy;
  private final Path mongoData;
  private final MongoServer mongo;
  private final TestServer.PortBoundTestServer temporal;
  private final String encryptionKey = Keyring.newKey();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger apis = new AtomicInteger();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<AppProcess> processes = new CopyOnWriteArrayList<>();
  private final MongoClient direct;
  private AppProcess api;
  private AppProcess worker;

  FaultTopology() {
    try {
      mongoData = Files.createTempDirectory("fault-mongo");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mongo = new MongoServer(new DurableH2Backend(mongoData.resolve("mongo.mv").toString()));
    mongo.bind("127.0.0.1", 0);
    int mongoPort = mongo.getLocalAddress().getPort();
    int temporalPort = freePort();
    temporal = TestServer.createPortBoundServer(temporalPort, true);
    SearchAttributes.register("127.0.0.1:" + temporalPort, "default");
    direct = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
    mongoProxy = new TcpProxy("mongo-proxy", mongoPort);
    temporalProxy = new TcpProxy("temporal-proxy", temporalPort);
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "fault-topology-shutdown"));
  }

  /** Starts the api and a first worker side by side and waits until both are healthy. */
  FaultTopology startApps() {
    api = launch("api-" + apis.incrementAndGet(), "api");
    worker = launch("worker-" + workers.incrementAndGet(), "worker");
    CompletableFuture<AppProcess> apiUp =
        CompletableFuture.supplyAsync(() -> api.awaitHealthy(START_TIMEOUT));
    worker.awaitHealthy(START_TIMEOUT);
    apiUp.join();
    return this;
  }

  private AppProcess launch(String name, String module) {
    started.add(name);
    AppProcess process = AppProcess.start(name, module, freePort(), env());
    processes.add(process);
    return process;
  }

  int apiPort() {
    return api.port();
  }

  AppProcess api() {
    return api;
  }

  AppProcess worker() {
    return worker;
  }

  /** Starts a new worker process (after the previous one was killed). */
  AppProcess startWorker() {
    worker = launch("worker-" + workers.incrementAndGet(), "worker");
    return worker.awaitHealthy(START_TIMEOUT);
  }

  /**
   * Starts another api process next to the current one, not yet healthy: it becomes the topology's
   * api with {@link #useApi}.
   */
  AppProcess launchApi() {
    return launch("api-" + apis.incrementAndGet(), "api");
  }

  void useApi(AppProcess next) {
    api = next;
  }

  /**
   * Puts back what a scenario may have taken away, so one failing scenario does not fail the next:
   * both proxies forwarding, no scripted Graph API answer left, a live api and a live worker.
   */
  void restore() {
    mongoProxy.on();
    temporalProxy.on();
    graphApi.reset();
    if (!api.alive()) {
      api = launch("api-" + apis.incrementAndGet(), "api").awaitHealthy(START_TIMEOUT);
    }
    if (!worker.alive()) {
      startWorker();
    }
  }

  /** The database both apps use, read directly (not through the proxy). */
  MongoDatabase database() {
    return direct.getDatabase("chatflows");
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
    env.put("CHATFLOW_BRIDGE_CLAIM_LEASE", CLAIM_LEASE.toSeconds() + "s");
    // The Temporal test server never times out a workflow task waiting on a dead worker's sticky
    // queue (a real server moves it to the normal queue after 5 s), so a SIGKILLed worker would
    // strand its cached conversations there. Without a workflow cache the worker asks for no sticky
    // queue, and every task goes through the shared one, as it would after that timeout.
    env.put("SPRING_TEMPORAL_WORKFLOWCACHE_MAXINSTANCES", "0");
    env.put("CHATFLOW_WORKER_STICKY_SCHEDULE_TO_START_TIMEOUT", "0s");
    return env;
  }

  /** The output of every process started so far. */
  List<Path> logs() {
    return started.stream().map(name -> Path.of("target", "faults", name + ".log")).toList();
  }

  @Override
  public synchronized void close() {
    processes.stream().filter(AppProcess::alive).forEach(AppProcess::stop);
    direct.close();
    mongoProxy.close();
    temporalProxy.close();
    graphApi.close();
    temporal.close();
    mongo.shutdownNow();
    try {
      FileSystemUtils.deleteRecursively(mongoData);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
