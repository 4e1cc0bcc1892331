package io.chatflows.standalone;

import io.chatflows.workflows.conversation.SearchAttributes;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A Temporal server for tests of how the app connects: the Java test server's services (real time)
 * behind a gRPC server on 127.0.0.1 with the test's credentials (plain or TLS), recording what
 * every call carried (its metadata, the client certificate, the request) and able to hold back
 * calls of a method, or only their answers. The test itself talks to the same services in-process.
 */
final class InterceptedTemporal implements AutoCloseable {

  /** One call the app made. */
  record Call(String method, Metadata headers, Certificate[] clientCertificates, Object request) {}

  private final TestServicesStarter services = new TestServicesStarter(true, 0);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, Duration> answerDelays = new ConcurrentHashMap<>();
  private final String inProcessName = "intercepted-temporal-" + UUID.randomUUID();
  private final Server server;
  private final Server inProcess;
  private final ManagedChannel channel;

  private InterceptedTemporal(ServerCredentials credentials) {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials);
    GRPCServerHelper.registerServicesAndHealthChecks(
        services.getServices(), builder, List.of(new Recorder()));
    InProcessServerBuilder local = InProcessServerBuilder.forName(inProcessName);
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), local);
    try {
      server = builder.build().start();
      inProcess = local.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(inProcessName).build();
  }

  static InterceptedTemporal plain() {
    return new InterceptedTemporal(InsecureServerCredentials.create());
  }

  static InterceptedTemporal secured(ServerCredentials tls) {
    return new InterceptedTemporal(tls);
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Holds each later call of the method (e.g. {@code SignalWorkflowExecution}) back this long. */
  void delay(String method, Duration delay) {
    delays.put(method, delay);
  }

  /**
   * Holds back the answer of each later call of the method this long: the server has done what was
   * asked, the caller does not hear of it in time.
   */
  void delayAnswers(String method, Duration delay) {
    answerDelays.put(method, delay);
  }

  /** Registers the project's search attributes in the namespace, as the admin-tools job does. */
  void registerSearchAttributes(String namespace) {
    SearchAttributes.register(
        OperatorServiceStubsOptions.newBuilder().setChannel(channel).validateAndBuildWithDefaults(),
        namespace);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    inProcess.shutdownNow();
    services.close();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records every call arriving over the network and delays the methods asked for. */
  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String method = call.getMethodDescriptor().getBareMethodName();
      Certificate[] certificates =
          peerCertificates(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
          next.startCall(answerHeldBack(call, method), headers)) {
        @Override
        public void onMessage(Q message) {
          calls.add(new Call(method, headers, certificates, message));
          super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
          Duration delay = delays.get(method);
          if (delay != null) {
            Waits.pause(delay);
          }
          super.onHalfClose();
        }
      };
    }
  }

  /** The call, its answer (the first message or the close) held back as asked for its method. */
  private <Q, R> ServerCall<Q, R> answerHeldBack(ServerCall<Q, R> call, String method) {
    return new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      private boolean held;

      @Override
      public void sendMessage(R message) {
        holdOnce();
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        holdOnce();
        super.close(status, trailers);
      }

      private void holdOnce() {
        Duration delay = answerDelays.get(method);
        if (!held && delay != null) {
          held = true;
          Waits.pause(delay);
        }
      }
    };
  }

  private static Certificate[] peerCertificates(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      return session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
