package io.chatflows.bench;

import io.chatflows.workflows.conversation.SearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;

/**
 * The embedded Temporal server (the Java test server, real time, real gRPC on 127.0.0.1) hosted in
 * the benchmark's JVM, so its heap is measured apart from the app's; the app connects to it exactly
 * as it connects to the one it embeds. Registers the project's search attributes like the embedded
 * default does.
 */
final class TemporalHost implements AutoCloseable {

  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs stubs;
  final String target;
  final WorkflowClient client;

  TemporalHost(int port) {
    server = TestServer.createPortBoundServer(port, true);
    target = "127.0.0.1:" + port;
    SearchAttributes.register(target, "default");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    client = WorkflowClient.newInstance(stubs);
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    server.close();
  }
}
