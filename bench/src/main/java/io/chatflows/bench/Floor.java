package io.chatflows.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The floors: the least a Temporal round trip costs on the same server. {@link Step} receives a
 * signal and runs one activity that POSTs to the same Graph API stand-in; {@link Sink} only counts
 * signals (raw signal throughput). Both run on their own task queue with a plain {@link
 * WorkerFactory} in the benchmark's JVM.
 */
final class Floor {

  static final String TASK_QUEUE = "bench-floor";

  private Floor() {}

  @WorkflowInterface
  public interface Step {
    @WorkflowMethod
    void run(String contact);

    @SignalMethod
    void click(int n);
  }

  @WorkflowInterface
  public interface Sink {
    @WorkflowMethod
    void run();

    @SignalMethod
    void event(String id);

    @QueryMethod
    int received();
  }

  @ActivityInterface
  public interface Send {
    void send(String contact);
  }

  public static class StepImpl implements Step {
    private final Send send =
        Workflow.newActivityStub(
            Send.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
    private int clicks;

    @Override
    public void run(String contact) {
      int done = 0;
      send.send(contact);
      while (true) {
        Workflow.await(() -> clicks > 0);
        clicks--;
        send.send(contact);
        done++;
        if (done >= 10_000) {
          return;
        }
      }
    }

    @Override
    public void click(int n) {
      clicks++;
    }
  }

  public static class SinkImpl implements Sink {
    private int received;

    @Override
    public void run() {
      Workflow.await(() -> received >= 1_000_000);
    }

    @Override
    public void event(String id) {
      received++;
    }

    @Override
    public int received() {
      return received;
    }
  }

  /** POSTs a template send, shaped like the product's, to the stand-in. */
  public static class SendImpl implements Send {
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String url;

    SendImpl(String standInBase) {
      this.url = standInBase + "/" + Payloads.PHONE_NUMBER_ID + "/messages";
    }

    @Override
    public void send(String contact) {
      String body =
          "{\"messaging_product\":\"whatsapp\",\"to\":\""
              + contact
              + "\",\"type\":\"template\",\"template\":{\"name\":\"floor\",\"language\":{\"code\":\"en_US\"}}}";
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer floor")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("stand-in answered " + response.statusCode());
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Registers the floor workflows and activity and starts polling. */
  static WorkerFactory start(WorkflowClient client, String standInBase) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(StepImpl.class, SinkImpl.class);
    worker.registerActivitiesImplementations(new SendImpl(standInBase));
    factory.start();
    return factory;
  }
}
