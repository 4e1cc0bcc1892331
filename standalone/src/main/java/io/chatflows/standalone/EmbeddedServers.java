package io.chatflows.standalone;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.chatflows.embedded.mongo.DurableH2Backend;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.workflows.conversation.SearchAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded servers before the application context needs them, once per JVM:
 *
 * <ul>
 *   <li>MongoDB: mongo-java-server with its H2 backend under {@code chatflow.embedded.data-dir}
 *       (flows survive restarts; every write is committed before it is acknowledged), on {@code
 *       chatflow.embedded.mongo.port}, unless {@code SPRING_MONGODB_URI} is set;
 *   <li>Temporal: the Java test server serving real gRPC on {@code chatflow.embedded.temporal.port}
 *       in real time, with the project's search attributes registered, unless {@code
 *       CHATFLOW_TEMPORAL_TARGET} is set. It keeps workflows in memory only.
 * </ul>
 *
 * Both listen on {@code chatflow.embedded.bind-address} only (default {@code 127.0.0.1}): neither
 * asks for credentials, and whoever reaches the Temporal port can start and signal conversations.
 * Port 0 picks a free port (tests).
 */
public class EmbeddedServers implements EnvironmentPostProcessor, Ordered {

  private static MongoServer mongo;
  private static String mongoUri;
  private static EmbeddedTemporalServer temporal;
  private static String temporalTarget;
  private static InetSocketAddress temporalAddress;
  private static String temporalNamespace;
  private static final AtomicBoolean FRESH_TEMPORAL = new AtomicBoolean();

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    Map<String, Object> overrides = new HashMap<>();
    if (enabled(env, "mongo", "SPRING_MONGODB_URI")) {
      overrides.put("spring.mongodb.uri", startMongo(env));
    }
    if (enabled(env, "temporal", "CHATFLOW_TEMPORAL_TARGET")) {
      overrides.put("spring.temporal.connection.target", startTemporal(env));
    }
    Map<String, String> keys =
        Binder.get(env)
            .bind("chatflow.encryption.keys", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    if (keys.isEmpty()) {
      overrides.put("chatflow.encryption.keys.local", localKey(env));
      overrides.put("chatflow.encryption.active-key", "local");
    }
    if (!overrides.isEmpty()) {
      env.getPropertySources()
          .addFirst(new MapPropertySource("chatflowEmbeddedServers", overrides));
    }
    application.addListeners((ApplicationListener<ApplicationFailedEvent>) failed -> stopAll());
  }

  /** Stops the servers, so a JVM whose application failed to start exits. */
  static synchronized void stopAll() {
    if (temporal != null) {
      temporal.close();
      temporal = null;
    }
    if (mongo != null) {
      mongo.shutdownNow();
      mongo = null;
    }
  }

  /**
   * The embedded default's encryption key when none is configured: kept in {@code
   * <data-dir>/encryption-key} (owner-only), or random for an in-memory store.
   */
  private static synchronized String localKey(ConfigurableEnvironment env) {
    if (env.getProperty("chatflow.embedded.mongo.in-memory", Boolean.class, false)) {
      return Keyring.newKey();
    }
    Path file =
        Path.of(env.getProperty("chatflow.embedded.data-dir", "./data")).resolve("encryption-key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Keyring.newKey());
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  /** True once after this JVM started a new (empty) Temporal server. */
  static boolean takeFreshTemporal() {
    return FRESH_TEMPORAL.getAndSet(false);
  }

  private static boolean enabled(
      ConfigurableEnvironment env, String server, String externalVariable) {
    String explicit = env.getProperty("chatflow.embedded." + server + ".enabled");
    if (explicit != null) {
      return Boolean.parseBoolean(explicit);
    }
    String external = env.getProperty(externalVariable);
    return external == null || external.isBlank();
  }

  private static synchronized String startMongo(ConfigurableEnvironment env) {
    if (mongo == null) {
      boolean inMemory = env.getProperty("chatflow.embedded.mongo.in-memory", Boolean.class, false);
      if (inMemory) {
        mongo = new MongoServer(new MemoryBackend());
      } else {
        Path dir = Path.of(env.getProperty("chatflow.embedded.data-dir", "./data"));
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        mongo = new MongoServer(new DurableH2Backend(dir.resolve("mongo.mv").toString()));
      }
      InetAddress bind = bindAddress(env);
      mongo.bind(
          new InetSocketAddress(bind.getHostAddress(), port(env, "mongo", 27017)),
          1,
          env.getProperty(
              "chatflow.embedded.mongo.event-loops", Integer.class, DurableH2Backend.EVENT_LOOPS));
      mongoUri =
          "mongodb://" + connectHost(bind) + ":" + mongo.getLocalAddress().getPort() + "/chatflows";
      Runtime.getRuntime().addShutdownHook(new Thread(mongo::shutdown, "embedded-mongo-shutdown"));
    }
    return mongoUri;
  }

  private static synchronized String startTemporal(ConfigurableEnvironment env) {
    if (temporalTarget != null) {
      restartTemporal();
    } else {
      InetAddress bind = bindAddress(env);
      temporalNamespace = env.getProperty("spring.temporal.namespace", "default");
      temporal =
          EmbeddedTemporalServer.start(new InetSocketAddress(bind, port(env, "temporal", 7233)));
      temporalAddress = new InetSocketAddress(bind, temporal.port());
      temporalTarget = connectHost(bind) + ":" + temporal.port();
      SearchAttributes.register(temporalTarget, temporalNamespace);
      FRESH_TEMPORAL.set(true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(EmbeddedServers::stopTemporal, "embedded-temporal-shutdown"));
    }
    return temporalTarget;
  }

  /** Stops the embedded Temporal server, losing its workflows (tests of an outage use this). */
  static synchronized void stopTemporal() {
    if (temporal != null) {
      temporal.close();
      temporal = null;
    }
  }

  /** Starts a new, empty embedded Temporal server on the port of the stopped one. */
  static synchronized void restartTemporal() {
    if (temporal == null && temporalTarget != null) {
      temporal = EmbeddedTemporalServer.start(temporalAddress);
      SearchAttributes.register(temporalTarget, temporalNamespace);
    }
  }

  /** {@code chatflow.embedded.bind-address}: where the embedded servers listen. */
  private static InetAddress bindAddress(ConfigurableEnvironment env) {
    String address = env.getProperty("chatflow.embedded.bind-address", "127.0.0.1");
    try {
      return InetAddress.getByName(address.trim());
    } catch (IOException e) {
      throw new IllegalStateException(
          "chatflow.embedded.bind-address is not an address of this machine: " + address, e);
    }
  }

  /** The address this JVM connects to: loopback when the servers listen on every interface. */
  private static String connectHost(InetAddress bind) {
    if (bind.isAnyLocalAddress()) {
      return bind instanceof Inet4Address ? "127.0.0.1" : "[::1]";
    }
    String literal = bind.getHostAddress();
    return literal.contains(":") ? "[" + literal + "]" : literal;
  }

  private static int port(ConfigurableEnvironment env, String server, int fallback) {
    int port = env.getProperty("chatflow.embedded." + server + ".port", Integer.class, fallback);
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
