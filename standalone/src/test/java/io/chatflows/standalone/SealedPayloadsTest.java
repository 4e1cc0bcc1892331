package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.store.crypto.EncryptedPayloadCodec;
import io.chatflows.store.crypto.EncryptionProperties;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.InboundEvent;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Someone who reaches the embedded Temporal server but holds no encryption key (a plain Temporal
 * client, or one sealing with a key of its own) can neither start a conversation nor steer one: a
 * crafted start of the conversation workflow fails at once and sends nothing, a forged click does
 * not move a waiting conversation, while the app's own start and click work as before.
 */
@ActiveProfiles("test")
@DirtiesContext
@SpringBootTest(
    classes = StandaloneApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SealedPayloadsTest {

  static final String ATTACKER_NUMBER = "4915199990001";

  @LocalServerPort int port;
  @Autowired WorkflowClient app;
  @Autowired DataConverter appConverter;

  @Value("${spring.temporal.connection.target}")
  String target;

  WorkflowServiceStubs stubs;
  WorkflowClient plain;
  WorkflowClient foreignKey;
  BridgeScenario scenario;

  @BeforeEach
  void clients() {
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    plain =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    // Sealed with a key of its own under the embedded default's key id ("local").
    Keyring ownKey = new Keyring(new EncryptionProperties(Map.of("local", Keyring.newKey()), null));
    foreignKey =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace("default")
                .setDataConverter(
                    new CodecDataConverter(
                        DefaultDataConverter.newDefaultInstance(),
                        List.of(new EncryptedPayloadCodec(ownKey))))
                .build());
    scenario = new BridgeScenario(port, null);
  }

  @AfterEach
  void closeStubs() {
    stubs.shutdownNow();
  }

  @Test
  @Timeout(90)
  void givenStartsOfTheConversationWorkflowWithoutTheKey_whenRun_eachFailsAtOnceAndSendsNothing() {
    BridgeScenario.Flow flow = scenario.buttonFlow();
    String contact = BridgeScenario.newContact();
    JsonNode started =
        scenario
            .http()
            .post("/chat-flow/flows/" + flow.id() + "/start/", "{\"contact\": \"" + contact + "\"}")
            .json();
    scenario.awaitWaitingOnFirstMessage(started.get("id").asString());
    // A valid input, as the app sends it, redirected to a number of the sender's choice.
    ConversationInput genuine = inputOf(started.get("workflow_id").asString());
    ConversationInput forged =
        new ConversationInput(
            UUID.randomUUID().toString(),
            genuine.workspaceId(),
            genuine.channelId(),
            new ContactRef(ATTACKER_NUMBER, "Mallory", "ck_forged"),
            genuine.flow(),
            Map.of(),
            Map.of(),
            List.of(),
            null,
            null,
            null);

    String plainStart = startWith(plain, forged);
    String emptyStart = startWith(plain);
    String foreignStart = startWith(foreignKey, forged);

    for (String workflowId : List.of(plainStart, emptyStart, foreignStart)) {
      awaitStatus(workflowId, WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
      List<EventType> events =
          plain.fetchHistory(workflowId).getEvents().stream()
              .map(HistoryEvent::getEventType)
              .toList();
      assertThat(events)
          .as("history of " + workflowId)
          .doesNotContain(
              EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EventType.EVENT_TYPE_MARKER_RECORDED)
          .containsOnlyOnce(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    }
    JsonNode outbox = scenario.http().get("/chat-flow/outbox/?contact=" + ATTACKER_NUMBER).json();
    assertThat(outbox.get("count").asInt()).isZero();
    assertThat(scenario.conversationsOf(ATTACKER_NUMBER)).isEmpty();

    // The operator's codec endpoint still shows the refused plain input as it is.
    Payload input =
        plain
            .fetchHistory(plainStart)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0);
    Http.Response decoded =
        new Http(port, "test-admin-token")
            .post(
                "/codec/decode",
                "{\"payloads\": [{\"metadata\": {\"encoding\": \"%s\"}, \"data\": \"%s\"}]}"
                    .formatted(
                        base64(input.getMetadataMap().get("encoding").toByteArray()),
                        base64(input.getData().toByteArray())));
    assertThat(decoded.status()).as(decoded.body()).isEqualTo(200);
    String data =
        new String(
            Base64.getDecoder()
                .decode(decoded.json().get("payloads").get(0).get("data").asString()),
            StandardCharsets.UTF_8);
    assertThat(data).contains(ATTACKER_NUMBER);
  }

  @Test
  @Timeout(90)
  void givenAWaitingConversation_whenClicksAreForgedWithoutTheKey_onlyTheGenuineClickMovesIt() {
    BridgeScenario.Flow flow = scenario.buttonFlow();
    String contact = BridgeScenario.newContact();
    JsonNode started =
        scenario
            .http()
            .post("/chat-flow/flows/" + flow.id() + "/start/", "{\"contact\": \"" + contact + "\"}")
            .json();
    String conversation = started.get("id").asString();
    String workflowId = started.get("workflow_id").asString();
    String welcome = scenario.awaitWaitingOnFirstMessage(conversation);

    // "Talk to an agent" would end the conversation at node-3.
    InboundEvent forgedClick =
        InboundEvent.button(BridgeScenario.newMessageId(), "Talk to an agent", null, welcome);
    plain.newUntypedWorkflowStub(workflowId).signal("inbound", forgedClick);
    plain.newUntypedWorkflowStub(workflowId).signal("inbound");
    foreignKey.newUntypedWorkflowStub(workflowId).signal("inbound", forgedClick);
    Http.Response genuine =
        scenario
            .http()
            .post(
                "/chat-flow/simulate/",
                "{\"contact\": \"%s\", \"button\": \"Track Order\"}".formatted(contact));

    assertThat(genuine.status()).as(genuine.body()).isEqualTo(200);
    assertThat(genuine.json().get("outcome").asString()).isEqualTo("signalled");
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(BridgeScenario.steps(done))
        .containsOnlyOnce("reply:node-1")
        .contains("edge_taken:node-1", "node_entered:node-2")
        .doesNotContain("node_entered:node-3");
    long signals =
        plain.fetchHistory(workflowId).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .count();
    assertThat(signals).as("the forged signals reached the workflow").isEqualTo(4);
    JsonNode outbox = scenario.http().get("/chat-flow/outbox/?contact=" + contact).json();
    assertThat(outbox.get("count").asInt()).isEqualTo(2);
  }

  /** The input the app started a workflow with, opened with the app's own converter. */
  private ConversationInput inputOf(String workflowId) {
    Payload input =
        app.fetchHistory(workflowId)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0);
    return appConverter.fromPayload(input, ConversationInput.class, ConversationInput.class);
  }

  private static String startWith(WorkflowClient client, Object... args) {
    String workflowId = "conversation:default:forged:" + UUID.randomUUID();
    client
        .newUntypedWorkflowStub(
            "ConversationWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue(ConversationIds.TASK_QUEUE)
                .setWorkflowId(workflowId)
                .build())
        .start(args);
    return workflowId;
  }

  private void awaitStatus(String workflowId, WorkflowExecutionStatus expected) {
    Waits.until(
        Duration.ofSeconds(30),
        workflowId + " " + expected,
        () ->
            stubs
                        .blockingStub()
                        .describeWorkflowExecution(
                            DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace("default")
                                .setExecution(
                                    WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .build())
                        .getWorkflowExecutionInfo()
                        .getStatus()
                    == expected
                ? true
                : null);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
