package io.chatflows.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.api.trigger.InboundTriggers;
import io.chatflows.api.trigger.TriggerStore;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.store.template.SendableTemplates;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.InboundEvent;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;

/**
 * The bridge's de-duplication without a Spring context: real stores over the embedded MongoDB-wire
 * server, a Temporal test server whose conversations record the signals they receive. A message id
 * is handed over once (a failed hand-over lets the redelivery through), and each delivery status of
 * a message is recorded once, a {@code failed} one signalled once to its open conversation.
 */
@Timeout(60)
class WebhookBridgeTest {

  private static final Workspace WORKSPACE = new Workspace("ws-1", "Test", "salt-1");
  private static final Workspace OTHER = new Workspace("ws-2", "Other", "salt-2");
  private static final ChannelDocument CHANNEL =
      new ChannelDocument(
          "ch-1",
          "ws-1",
          "106540352242922",
          "15550783881",
          "waba",
          null,
          null,
          null,
          "cloud_api",
          true,
          Instant.now());
  private static final String CONTACT = "16505551234";
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

  /** A message id the test conversation's {@code seen} query fails for. */
  private static final String UNANSWERED = "wamid.unanswered";

  /**
   * A conversation that only waits; the signals it receives are read from its history, and it has
   * seen the messages it received.
   */
  public static class WaitingConversation implements ConversationWorkflow {
    private final Set<String> seen = new HashSet<>();

    @Override
    public ConversationStatus run(ConversationInput input) {
      Workflow.await(() -> false);
      return ConversationStatus.COMPLETED;
    }

    @Override
    public void inbound(InboundEvent event) {
      seen.add(event.messageId());
    }

    @Override
    public boolean seen(String messageId) {
      if (UNANSWERED.equals(messageId)) {
        throw new IllegalStateException("this conversation cannot answer");
      }
      return seen.contains(messageId);
    }

    @Override
    public void moveTo(io.chatflows.workflows.conversation.MoveRequest request) {}

    @Override
    public io.chatflows.workflows.conversation.AgentOutcome agentSend(
        io.chatflows.workflows.conversation.AgentMessage message) {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public void checkAgentSend(io.chatflows.workflows.conversation.AgentMessage message) {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public io.chatflows.workflows.conversation.AgentOutcome agentResume(String nodeId) {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public void checkAgentResume(String nodeId) {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public io.chatflows.workflows.conversation.AgentOutcome agentEnd() {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public void checkAgentEnd() {
      throw new UnsupportedOperationException("never with an agent");
    }

    @Override
    public ConversationView view() {
      return null;
    }
  }

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private TestWorkflowEnvironment temporal;
  private ScheduledExecutorService deadlines;
  private InboundMessages inbound;
  private MessageStore messages;
  private ConversationStore conversations;
  private ContactStore contacts;
  private WebhookBridge bridge;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    temporal = TestWorkflowEnvironment.newInstance();
    temporal
        .newWorker(ConversationIds.TASK_QUEUE)
        .registerWorkflowImplementationTypes(WaitingConversation.class);
    temporal.start();
    deadlines = Executors.newSingleThreadScheduledExecutor();
    inbound = new InboundMessages(mongo, new BridgeProperties(null, 0, null));
    messages = new MessageStore(mongo);
    conversations = new ConversationStore(mongo);
    contacts = new ContactStore(mongo);
    bridge = bridge(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    temporal.close();
    deadlines.shutdownNow();
    client.close();
    server.shutdownNow();
  }

  private WebhookBridge bridge(Duration handoverTimeout) {
    return new WebhookBridge(
        temporal.getWorkflowClient(),
        inbound,
        contacts,
        messages,
        conversations,
        new StartTriggers(
            messages,
            new FlowStore(mongo),
            new TemplateStore(mongo, new SendableTemplates(mongo, Duration.ZERO), Duration.ZERO)),
        new InboundTriggers(new TriggerStore(mongo, Duration.ofSeconds(5)), new FlowStore(mongo)),
        null,
        new BridgeProperties(handoverTimeout, 1_000, null),
        deadlines);
  }

  /** Starts the contact's conversation; returns its workflow id. */
  private String running() {
    String workflowId = WORKSPACE.workflowId(CHANNEL.phoneNumberId(), CONTACT);
    ConversationWorkflow workflow =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                ConversationWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(ConversationIds.TASK_QUEUE)
                    .build());
    WorkflowClient.start(workflow::run, (ConversationInput) null);
    return workflowId;
  }

  /**
   * The signals the conversation received, from its history once it is idle: a signal that arrives
   * while a workflow task runs is buffered by the server and written after that task, so the
   * history is read when its last event is a completed task.
   */
  private List<InboundEvent> received(String workflowId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    WorkflowExecutionHistory history = temporal.getWorkflowClient().fetchHistory(workflowId);
    while (history.getLastEvent().getEventType() != EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      assertThat(System.nanoTime()).as("conversation idle within 20 s").isLessThan(deadline);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      history = temporal.getWorkflowClient().fetchHistory(workflowId);
    }
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(
            e ->
                DataConverter.getDefaultInstance()
                    .fromPayloads(
                        0,
                        Optional.of(e.getWorkflowExecutionSignaledEventAttributes().getInput()),
                        InboundEvent.class,
                        InboundEvent.class))
        .toList();
  }

  private static WebhookEvent.Message click(String messageId) {
    return new WebhookEvent.Message(
        CHANNEL.phoneNumberId(),
        CONTACT,
        "Sheena",
        messageId,
        "button",
        InboundEvent.button(messageId, "Track Order", "Track Order", "wamid.ours"),
        AT);
  }

  private static WebhookEvent.Status status(String messageId, String status, String errorCode) {
    return new WebhookEvent.Status(
        CHANNEL.phoneNumberId(), messageId, status, CONTACT, errorCode, AT);
  }

  /** Our message, sent by conversation {@code conversationId} (null: sent outside one). */
  private void sent(String messageId, String workspaceId, String conversationId) {
    messages.save(
        new MessageDocument(
            messageId,
            workspaceId,
            CHANNEL.phoneNumberId(),
            conversationId,
            WORKSPACE.workflowId(CHANNEL.phoneNumberId(), CONTACT),
            "node-1",
            1,
            "ck",
            CONTACT,
            "template",
            "tpl-1",
            "welcome",
            "en_US",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            false,
            null,
            AT,
            null));
  }

  private void conversation(String id, ConversationStatus status) {
    conversations.insert(
        new ConversationDocument(
            id,
            WORKSPACE.id(),
            "flow-1",
            1,
            CHANNEL.phoneNumberId(),
            "ck",
            WORKSPACE.workflowId(CHANNEL.phoneNumberId(), CONTACT),
            "run-1",
            status,
            "node-1",
            Map.of(),
            0,
            List.of(),
            AT,
            AT,
            null));
  }

  // ---------------------------------------------------------------- messages

  @Test
  void givenAClickDeliveredTwice_whenHandedOver_theConversationReceivesItOnce() {
    String workflowId = running();

    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("signalled");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("duplicate");

    assertThat(received(workflowId))
        .extracting(InboundEvent::messageId)
        .containsExactly("wamid.in-1");
    assertThat(mongo.findById(claimKey("wamid.in-1"), InboundDocument.class).outcome())
        .isEqualTo("signalled");
    assertThat(contacts.find(WORKSPACE.id(), WORKSPACE.contactKey(CONTACT)))
        .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Sheena"));
  }

  @Test
  void givenTwoClicks_whenHandedOver_theConversationReceivesBothInOrder() {
    String workflowId = running();

    bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"));
    bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-2"));

    assertThat(received(workflowId))
        .extracting(InboundEvent::messageId)
        .containsExactly("wamid.in-1", "wamid.in-2");
  }

  @Test
  void givenAHandOverThatFails_whenRedelivered_itIsHandedOverOnce() {
    String workflowId = running();

    assertThatThrownBy(
            () -> bridge(Duration.ofMillis(1)).handle(WORKSPACE, CHANNEL, click("wamid.in-1")))
        .isInstanceOf(RuntimeException.class);
    assertThat(mongo.findById(claimKey("wamid.in-1"), InboundDocument.class).claimId())
        .as("claim released")
        .isNull();

    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("signalled");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("duplicate");
    assertThat(received(workflowId))
        .extracting(InboundEvent::messageId)
        .containsExactly("wamid.in-1");
  }

  @Test
  void
      givenAHandOverThatReachedTheConversationButFailed_whenRedeliveredAfterItEnded_itIsADuplicate() {
    String workflowId = running();
    // The first attempt's signal reached the conversation but its answer came too late: the
    // bridge gave the claim up. Then the conversation ended.
    InboundMessages.Claim first = claimedClick("wamid.in-1");
    temporal
        .getWorkflowClient()
        .newWorkflowStub(ConversationWorkflow.class, workflowId)
        .inbound(click("wamid.in-1").event());
    inbound.release(first);
    assertThat(received(workflowId)).extracting(InboundEvent::messageId).contains("wamid.in-1");
    temporal.getWorkflowClient().newUntypedWorkflowStub(workflowId).terminate("ended");

    // Taken for a new message, it would be offered to the start triggers instead.
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("duplicate");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-2"))).isEqualTo("no_conversation");
    assertThat(mongo.findById(claimKey("wamid.in-1"), InboundDocument.class).outcome())
        .isEqualTo("duplicate");
  }

  @Test
  void
      givenARetriedMessageTheConversationCannotAnswerFor_whenHandedOver_itIs503AndStaysRetryable() {
    String workflowId = running();
    InboundMessages.Claim first = claimedClick(UNANSWERED);
    inbound.release(first);

    assertThatThrownBy(() -> bridge.handle(WORKSPACE, CHANNEL, click(UNANSWERED)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.code()).isEqualTo("handover_unconfirmed");
            });
    InboundDocument stored = mongo.findById(claimKey(UNANSWERED), InboundDocument.class);
    assertThat(stored.outcome()).isNull();
    assertThat(stored.claimId()).as("given up for the redelivery").isNull();
    assertThat(received(workflowId)).isEmpty();
  }

  @Test
  void givenAMessageConversationsDoNotHandle_whenDeliveredTwice_itIsRecordedOnceAsUnsupported() {
    String workflowId = running();
    WebhookEvent.Message image =
        new WebhookEvent.Message(
            CHANNEL.phoneNumberId(), CONTACT, null, "wamid.img", "image", null, AT);

    assertThat(bridge.handle(WORKSPACE, CHANNEL, image)).isEqualTo("unsupported");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, image)).isEqualTo("duplicate");
    assertThat(received(workflowId)).isEmpty();
  }

  @Test
  void givenAMessageWithoutIdOrSender_whenHandedOver_itIsUnsupportedAndClaimsNothing() {
    WebhookEvent.Message noId =
        new WebhookEvent.Message(CHANNEL.phoneNumberId(), CONTACT, null, null, "text", null, AT);
    WebhookEvent.Message noSender =
        new WebhookEvent.Message(CHANNEL.phoneNumberId(), null, null, "wamid.x", "text", null, AT);

    assertThat(bridge.handle(WORKSPACE, CHANNEL, noId)).isEqualTo("unsupported");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, noSender)).isEqualTo("unsupported");
    assertThat(mongo.findAll(InboundDocument.class)).isEmpty();
  }

  @Test
  void givenAClickFromAContactWithoutConversation_whenDeliveredTwice_itIsRecordedOnce() {
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("no_conversation");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, click("wamid.in-1"))).isEqualTo("duplicate");

    assertThat(mongo.findById(claimKey("wamid.in-1"), InboundDocument.class).outcome())
        .isEqualTo("no_conversation");
  }

  // ---------------------------------------------------------------- statuses

  @Test
  void givenTheSameStatusDeliveredConcurrently_whenHandedOver_itIsRecordedOnce() throws Exception {
    for (int round = 0; round < 10; round++) {
      String id = "wamid.ours-" + round;
      sent(id, WORKSPACE.id(), null);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(6);
      List<java.util.concurrent.CompletableFuture<String>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await(5, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return bridge.handle(WORKSPACE, CHANNEL, status(id, "delivered", null));
                },
                Executors.newSingleThreadExecutor()));
      }
      List<String> outcomes = new java.util.ArrayList<>();
      for (var answer : answers) {
        outcomes.add(answer.get(20, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(outcomes).as("round %d", round).containsOnlyOnce("recorded");
      assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(5);
    }
  }

  @Test
  void givenStatusesOutOfOrderAndRepeated_whenHandedOver_eachIsRecordedOnce() {
    sent("wamid.ours", WORKSPACE.id(), null);

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "read", null)))
        .isEqualTo("recorded");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "delivered", null)))
        .isEqualTo("recorded");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "delivered", null)))
        .isEqualTo("duplicate");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "sent", null)))
        .isEqualTo("recorded");

    assertThat(stored("wamid.ours").orElseThrow().statuses())
        .containsOnlyKeys("read", "delivered", "sent");
  }

  @Test
  void givenAStatusOfAMessageWeDoNotKnowOrAnotherWorkspaceSent_whenHandedOver_itIsUnknown() {
    sent("wamid.theirs", OTHER.id(), null);

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.nobody", "read", null)))
        .isEqualTo("unknown_message");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.theirs", "read", null)))
        .isEqualTo("unknown_message");
    assertThat(stored("wamid.theirs").orElseThrow().statuses()).isNull();
  }

  @Test
  void givenAStatusWithoutIdOrValue_whenHandedOver_itIsUnsupported() {
    sent("wamid.ours", WORKSPACE.id(), null);

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status(null, "read", null)))
        .isEqualTo("unsupported");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", null, null)))
        .isEqualTo("unsupported");
  }

  @Test
  void givenAFailedStatusTwiceWhileTheConversationWaits_itIsSignalledOnceAndRecordedOnce() {
    String workflowId = running();
    conversation("conv-1", ConversationStatus.WAITING);
    sent("wamid.ours", WORKSPACE.id(), "conv-1");

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "failed", "131026")))
        .isEqualTo("signalled");
    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "failed", "131026")))
        .isEqualTo("duplicate");

    assertThat(received(workflowId))
        .containsExactly(InboundEvent.deliveryFailed("wamid.ours", "131026", "conv-1"));
    assertThat(stored("wamid.ours").orElseThrow().statuses()).containsOnlyKeys("failed");
  }

  @Test
  void givenAFailedStatusWhileTheConversationRuns_itIsSignalled() {
    String workflowId = running();
    conversation("conv-1", ConversationStatus.RUNNING);
    sent("wamid.ours", WORKSPACE.id(), "conv-1");

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "failed", "131049")))
        .isEqualTo("signalled");
    assertThat(received(workflowId)).hasSize(1);
  }

  @Test
  void givenAFailedStatusOfAnEndedConversationOrOfNone_whenHandedOver_itIsOnlyRecorded() {
    String workflowId = running();
    conversation("conv-1", ConversationStatus.COMPLETED);
    sent("wamid.ended", WORKSPACE.id(), "conv-1");
    sent("wamid.alone", WORKSPACE.id(), null);
    sent("wamid.lost", WORKSPACE.id(), "conv-unknown");

    for (String id : List.of("wamid.ended", "wamid.alone", "wamid.lost")) {
      assertThat(bridge.handle(WORKSPACE, CHANNEL, status(id, "failed", "131026")))
          .as(id)
          .isEqualTo("recorded");
      assertThat(stored(id).orElseThrow().statuses()).containsOnlyKeys("failed");
    }
    assertThat(received(workflowId)).isEmpty();
  }

  @Test
  void givenADeliveredStatusWhileTheConversationWaits_itIsRecordedNotSignalled() {
    String workflowId = running();
    conversation("conv-1", ConversationStatus.WAITING);
    sent("wamid.ours", WORKSPACE.id(), "conv-1");

    assertThat(bridge.handle(WORKSPACE, CHANNEL, status("wamid.ours", "delivered", null)))
        .isEqualTo("recorded");
    assertThat(received(workflowId)).isEmpty();
  }

  /** The stored message, whoever it belongs to. */
  private Optional<MessageDocument> stored(String id) {
    return Optional.ofNullable(mongo.findById(id, MessageDocument.class));
  }

  /** The key the bridge claims a message of the test channel under. */
  private static String claimKey(String messageId) {
    return InboundDocument.key(WORKSPACE.id(), CHANNEL.phoneNumberId(), messageId);
  }

  /** The claim of a contact's button click, taken as the bridge takes it. */
  private InboundMessages.Claim claimedClick(String messageId) {
    return inbound
        .claim(
            new InboundDocument(
                claimKey(messageId),
                messageId,
                WORKSPACE.id(),
                CHANNEL.phoneNumberId(),
                WORKSPACE.contactKey(CONTACT),
                "button",
                null,
                null,
                null,
                null))
        .orElseThrow();
  }
}
