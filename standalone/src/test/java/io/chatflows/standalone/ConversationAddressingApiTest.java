package io.chatflows.standalone;

import static io.chatflows.standalone.EndToEndTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.conversation.ConversationReconciler;
import io.chatflows.api.conversation.ConversationRuns;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.flow.FlowVersionDocument;
import io.chatflows.api.security.Workspaces;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * An operation on a conversation acts on exactly that conversation, over real HTTP on the embedded
 * default: a contact's conversations share one workflow id, so an orphaned record (its start never
 * reached Temporal) or a closed one must never cancel the contact's live conversation; a
 * conversation that continued as new is still the one addressed; restart and reconciliation close
 * exactly the conversation they concern.
 */
@ActiveProfiles("test")
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(90)
class ConversationAddressingApiTest {

  private static final String WORKSPACE = "default";

  @LocalServerPort int port;
  @Autowired ConversationStore conversations;
  @Autowired ConversationReconciler reconciler;
  @Autowired ConversationRuns runs;
  @Autowired MongoTemplate mongo;
  @Autowired WorkflowClient temporal;
  @Autowired FlowStore flowStore;
  @Autowired TemplateStore templateStore;
  @Autowired Workspaces workspaces;

  Http http;
  String flow;

  @BeforeEach
  void welcomeFlow() {
    http = new Http(port, Fixtures.TOKEN);
    // Each test's templates in a language of their own: a name and language is one template.
    String language = BridgeScenario.newLanguage();
    String welcome =
        created("/chat-flow/templates/", Fixtures.welcomeTemplate().replace("en_US", language));
    String orderStatus =
        created("/chat-flow/templates/", Fixtures.orderStatusTemplate().replace("en_US", language));
    flow = created("/chat-flow/flows/", Fixtures.welcomeFlow(welcome, orderStatus));
  }

  @Test
  void givenAnOrphanedRecordOfTheContact_whenCancelled_itAnswers409AndTheLiveConversationRuns() {
    String contact = newContact();
    JsonNode live = startAndAwaitWaiting(contact);
    String orphan = insertRecord(live, null, Instant.now().minus(Duration.ofMinutes(5)));

    Http.Response cancel = http.post("/chat-flow/conversations/" + orphan + "/cancel/", "{}");

    assertProblem(cancel, 409, "conversation_not_running");
    assertThat(status(orphan)).isEqualTo("interrupted");
    assertStillWaiting(live);
    simulateClick(contact, "Track Order");
    awaitStatus(live.get("id").asString(), "completed");
  }

  @Test
  void givenAJustInsertedRecordWithoutRun_whenCancelled_itAnswers409AndStaysAsItIs() {
    String contact = newContact();
    JsonNode live = startAndAwaitWaiting(contact);
    String starting = insertRecord(live, null, Instant.now());

    Http.Response cancel = http.post("/chat-flow/conversations/" + starting + "/cancel/", "{}");

    assertProblem(cancel, 409, "conversation_not_running");
    assertThat(status(starting)).isEqualTo("running");
    assertStillWaiting(live);
  }

  @Test
  void givenAClosedRunStillShownOpen_whenCancelled_itAnswers409AndTheLaterConversationRuns() {
    String contact = newContact();
    JsonNode first = startAndAwaitWaiting(contact);
    JsonNode second = restartAndAwaitWaiting(contact);
    assertThat(status(first.get("id").asString())).isEqualTo("cancelled");
    // The projection missed the end of the first run: it still shows it waiting.
    mongo.updateFirst(
        Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                .is(first.get("id").asString())),
        new Update().set("status", ConversationStatus.WAITING).unset("endedAt"),
        ConversationDocument.class);

    Http.Response cancel =
        http.post("/chat-flow/conversations/" + first.get("id").asString() + "/cancel/", "{}");

    assertProblem(cancel, 409, "conversation_not_running");
    assertThat(status(first.get("id").asString())).isEqualTo("interrupted");
    assertStillWaiting(second);
  }

  @Test
  void
      givenAFailedStatusOfAnEarlierConversationsMessage_whenDelivered_theLaterConversationIgnoresIt() {
    String contact = newContact();
    JsonNode first = startAndAwaitWaiting(contact);
    String firstWelcome =
        http.get("/chat-flow/outbox/?contact=" + contact)
            .json()
            .get("results")
            .get(0)
            .get("id")
            .asString();
    JsonNode second = restartAndAwaitWaiting(contact);
    // The projection missed the end of the first conversation, so the bridge signals the status.
    mongo.updateFirst(
        Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id")
                .is(first.get("id").asString())),
        new Update().set("status", ConversationStatus.WAITING).unset("endedAt"),
        ConversationDocument.class);

    byte[] failed =
        WebhookBodies.status(Fixtures.PHONE_NUMBER_ID, firstWelcome, "failed", contact, 131049)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Http.Response delivered =
        new Http(port, null)
            .post(
                "/webhooks/whatsapp/",
                failed,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Hub-Signature-256",
                    io.chatflows.api.webhook.Signatures.sign(Fixtures.APP_SECRET, failed)));
    simulateClick(contact, "Track Order");

    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    JsonNode done = awaitStatus(second.get("id").asString(), "completed");
    assertThat(ConversationApiTest.stepSummary(done))
        .noneMatch(step -> step.startsWith("send_failed"));
  }

  @Test
  void givenARunningConversationWhoseRunIdWasNeverRecorded_whenCancelled_itIsFoundAndCancelled() {
    String contact = newContact();
    JsonNode live = startAndAwaitWaiting(contact);
    String id = live.get("id").asString();
    String runId = live.get("run_id").asString();
    mongo.updateFirst(
        Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id").is(id)),
        new Update().unset("runId"),
        ConversationDocument.class);

    Http.Response cancel = http.post("/chat-flow/conversations/" + id + "/cancel/", "{}");

    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    JsonNode cancelled = awaitStatus(id, "cancelled");
    assertThat(cancelled.get("run_id").asString()).isEqualTo(runId);
  }

  @Test
  void givenAConversationThatContinuedAsNew_whenCancelled_theSameConversationEndsCancelled() {
    String contact = newContact();
    String workflowId = workflowId(contact);
    String id = UUID.randomUUID().toString();
    FlowVersionDocument version = flowStore.version(WORKSPACE, flow, 1).orElseThrow();
    FlowDefinition definition =
        FlowCompiler.compile(
            version.flowId(),
            version.version(),
            version.startTemplate(),
            version.replyTimeoutSeconds(),
            FlowGraphs.parse(version.flowData()),
            templateStore.catalog(WORKSPACE));
    conversations.insert(record(id, workflowId, contactKey(contact), null, Instant.now()));
    ConversationWorkflow stub =
        temporal.newWorkflowStub(
            ConversationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(ConversationIds.TASK_QUEUE)
                .build());
    String firstRun =
        WorkflowClient.start(
                stub::run,
                new ConversationInput(
                    id,
                    WORKSPACE,
                    Fixtures.PHONE_NUMBER_ID,
                    new ContactRef(contact, "Ada", contactKey(contact)),
                    definition,
                    Map.of(),
                    Map.of(),
                    List.of(),
                    new RunLimits(100, 25),
                    null,
                    null))
            .getRunId();
    conversations.setRunId(id, firstRun);
    awaitStatus(id, "waiting");
    // One reply at a time, each recorded before the next: replies handled in one workflow task
    // would grow the history less, and the run would not reach its event limit.
    for (int i = 0;
        i < 20 && runs.current(workflowId).orElseThrow().runId().equals(firstRun);
        i++) {
      int steps = get(id).get("step_count").asInt();
      simulateText(contact, "not a button " + i);
      Waits.until(
          Duration.ofSeconds(30),
          "reply " + i + " recorded",
          () ->
              get(id).get("step_count").asInt() > steps
                      || !runs.current(workflowId).orElseThrow().runId().equals(firstRun)
                  ? true
                  : null);
    }
    ConversationRuns.CurrentRun current = runs.current(workflowId).orElseThrow();
    assertThat(current.runId()).as("continued as new").isNotEqualTo(firstRun);
    assertThat(current.chain()).isEqualTo(firstRun);

    Http.Response cancel = http.post("/chat-flow/conversations/" + id + "/cancel/", "{}");

    assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
    awaitStatus(id, "cancelled");
    // The projection shows the end as the workflow writes it, just before the run closes.
    Waits.until(
        Duration.ofSeconds(30),
        "the chain closed",
        () -> runs.current(workflowId).orElseThrow().running() ? null : true);
  }

  @Test
  void givenAnOrphanAndALiveConversation_whenReconciled_onlyTheOrphanIsInterrupted() {
    String contact = newContact();
    JsonNode live = startAndAwaitWaiting(contact);
    String orphan = insertRecord(live, null, Instant.now().minus(Duration.ofMinutes(5)));
    String closedRun =
        insertRecord(
            live, UUID.randomUUID().toString(), Instant.now().minus(Duration.ofMinutes(5)));
    String liveWithoutRunId = live.get("id").asString();
    mongo.updateFirst(
        Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id").is(liveWithoutRunId)),
        new Update().unset("runId").set("startedAt", Instant.now().minus(Duration.ofMinutes(5))),
        ConversationDocument.class);

    reconciler.reconcile();

    assertThat(status(orphan)).isEqualTo("interrupted");
    assertThat(status(closedRun)).isEqualTo("interrupted");
    assertThat(status(liveWithoutRunId)).isEqualTo("waiting");
    assertThat(get(liveWithoutRunId).get("run_id").asString())
        .isEqualTo(live.get("run_id").asString());
  }

  private JsonNode startAndAwaitWaiting(String contact) {
    String id =
        created("/chat-flow/flows/" + flow + "/start/", "{\"contact\": \"" + contact + "\"}");
    return awaitStatus(id, "waiting");
  }

  private JsonNode restartAndAwaitWaiting(String contact) {
    String id =
        created(
            "/chat-flow/flows/" + flow + "/start/",
            "{\"contact\": \"" + contact + "\", \"restart\": true}");
    return awaitStatus(id, "waiting");
  }

  /** A second record of the same contact and number, as a lost start or a stale projection. */
  private String insertRecord(JsonNode of, String runId, Instant startedAt) {
    String id = UUID.randomUUID().toString();
    conversations.insert(
        record(
            id,
            of.get("workflow_id").asString(),
            of.get("contact_key").asString(),
            runId,
            startedAt));
    return id;
  }

  private ConversationDocument record(
      String id, String workflowId, String contactKey, String runId, Instant startedAt) {
    return new ConversationDocument(
        id,
        WORKSPACE,
        flow,
        1,
        Fixtures.PHONE_NUMBER_ID,
        contactKey,
        workflowId,
        runId,
        ConversationStatus.RUNNING,
        "node-1",
        Map.of(),
        0,
        List.of(),
        startedAt,
        startedAt,
        null);
  }

  private void assertStillWaiting(JsonNode conversation) {
    String id = conversation.get("id").asString();
    JsonNode now = get(id);
    assertThat(now.get("status").asString()).isEqualTo("waiting");
    assertThat(now.get("step_count").asInt()).isEqualTo(conversation.get("step_count").asInt());
    assertThat(runs.isRunning(now.get("workflow_id").asString(), now.get("run_id").asString()))
        .as("its run still runs in Temporal")
        .isTrue();
  }

  private String contactKey(String contact) {
    return workspaces.find(WORKSPACE).orElseThrow().contactKey(contact);
  }

  private String workflowId(String contact) {
    return ConversationIds.workflowId(WORKSPACE, Fixtures.PHONE_NUMBER_ID, contactKey(contact));
  }

  private void simulateClick(String contact, String button) {
    Http.Response response =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"" + contact + "\", \"button\": \"" + button + "\"}");
    assertThat(response.json().get("outcome").asString()).isEqualTo("signalled");
  }

  private void simulateText(String contact, String text) {
    Http.Response response =
        http.post(
            "/chat-flow/simulate/",
            "{\"contact\": \"" + contact + "\", \"text\": \"" + text + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private JsonNode get(String id) {
    Http.Response response = http.get("/chat-flow/conversations/" + id + "/");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  private String status(String id) {
    return get(id).get("status").asString();
  }

  private JsonNode awaitStatus(String id, String status) {
    return await(
        http,
        "/chat-flow/conversations/" + id + "/",
        c -> c.get("status").asString().equals(status));
  }

  private String created(String path, String body) {
    Http.Response response = http.post(path, body);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().get("id").asString();
  }

  private static void assertProblem(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("code").asString()).isEqualTo(code);
  }

  private static String newContact() {
    return "4917" + (100_000_000L + ThreadLocalRandom.current().nextLong(800_000_000L));
  }
}
