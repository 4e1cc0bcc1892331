package io.chatflows.worker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.channel.WhatsAppProperties;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.crypto.EncryptionProperties;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.store.message.MessageStore;
import io.chatflows.store.metrics.FlowLabels;
import io.chatflows.store.template.SendableTemplates;
import io.chatflows.worker.metrics.ProgressMetrics;
import io.chatflows.worker.metrics.SendMetrics;
import io.chatflows.worker.outbound.HandoffForwarder;
import io.chatflows.worker.outbound.HandoffProperties;
import io.chatflows.worker.outbound.OutboundProperties;
import io.chatflows.worker.outbound.WebhookCaller;
import io.chatflows.worker.whatsapp.GraphApiSender;
import io.chatflows.worker.whatsapp.MessageSender;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.TemplateSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A template send that carries the conversation's progress writes it with the send's steps, and a
 * failed projection write does not fail the send: real activity, embedded MongoDB-wire server,
 * sandbox channel.
 */
class SendAndRecordTest {

  private static final String WS = "ws-1";
  private static final String PHONE = "100000000000001";

  private MongoServer server;
  private MongoClient client;
  private MongoTemplate mongo;
  private TestActivityEnvironment activities;
  private ConversationStore conversations;
  private MessageStore messages;

  @BeforeEach
  void start() {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    mongo = new MongoTemplate(client, "test");
    conversations = new ConversationStore(mongo);
    messages = new MessageStore(mongo);
    StoreIndexes.create(mongo, true, List.of(conversations, messages));
    activities = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    activities.close();
    client.close();
    server.shutdownNow();
  }

  private ConversationActivities activities(ConversationStore projection) {
    Keyring keyring =
        new Keyring(
            new EncryptionProperties(
                Map.of("k1", Base64.getEncoder().encodeToString(new byte[32])), "k1"));
    ChannelStore channels = new ChannelStore(mongo, keyring, Duration.ofSeconds(5));
    channels.save(
        new ChannelDocument(
            "ch-1",
            WS,
            PHONE,
            "+1 555 0100",
            "waba-1",
            "token",
            "secret",
            "verify",
            ChannelDocument.SANDBOX,
            true,
            Instant.now()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SendMetrics sendMetrics = new SendMetrics(registry, channels);
    activities.registerActivitiesImplementations(
        new ConversationActivitiesImpl(
            new MessageSender(
                channels,
                messages,
                new GraphApiSender(
                    JsonMapper.builder().build(),
                    new WhatsAppProperties("http://127.0.0.1:9", Duration.ofSeconds(1)),
                    sendMetrics),
                new SendableTemplates(mongo, Duration.ZERO)),
            new ContactStore(mongo),
            projection,
            new WebhookCaller(new OutboundProperties(List.of(), null, 0, 0)),
            new HandoffForwarder(
                new WebhookCaller(new OutboundProperties(List.of(), null, 0, 0)),
                new HandoffProperties(null),
                JsonMapper.builder().build()),
            sendMetrics,
            new ProgressMetrics(registry, new FlowLabels(200), projection)));
    return activities.newActivityStub(
        ConversationActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
  }

  @Test
  void givenProgressWithTheSend_whenSent_theProjectionHasItsStepsAndTheSend() {
    conversations.insert(conversation());

    SentMessage sent = activities(conversations).sendTemplate(command(progress()));

    assertThat(sent.recorded()).isTrue();
    ConversationDocument c = conversations.withSteps(conversations.find(WS, "c1").orElseThrow());
    assertThat(c.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(c.currentNodeId()).isEqualTo("n2");
    assertThat(c.steps())
        .extracting(Step::seq, Step::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, StepKind.REPLY),
            org.assertj.core.groups.Tuple.tuple(1, StepKind.NODE_ENTERED),
            org.assertj.core.groups.Tuple.tuple(2, StepKind.MESSAGE_SENT));
    assertThat(c.steps().get(2).detail()).isEqualTo(sent.messageId());
    assertThat(messages.findBySend(WS, PHONE, "c1", 2)).isPresent();
  }

  @Test
  void givenTheProjectionWriteFails_whenSent_theSendStandsAndIsNotMarkedRecorded() {
    conversations.insert(conversation());
    ConversationStore failing =
        new ConversationStore(mongo) {
          @Override
          public boolean apply(ProgressUpdate progress, Map<String, String> templatesSent) {
            throw new IllegalStateException("projection unavailable");
          }
        };

    SentMessage sent = activities(failing).sendTemplate(command(progress()));

    assertThat(sent.recorded()).isFalse();
    assertThat(sent.messageId()).isNotBlank();
    assertThat(messages.findBySend(WS, PHONE, "c1", 2)).isPresent();
    assertThat(conversations.find(WS, "c1").orElseThrow().stepCount()).isZero();
  }

  @Test
  void givenNoProgress_whenSent_theProjectionIsUntouched() {
    conversations.insert(conversation());

    SentMessage sent = activities(conversations).sendTemplate(command(null));

    assertThat(sent.recorded()).isFalse();
    assertThat(conversations.find(WS, "c1").orElseThrow().stepCount()).isZero();
  }

  @Test
  void givenItsTemplateIsPausedAtWhatsApp_whenSent_itFailsForGoodAndStoresNothing() {
    storeTemplate("PAUSED");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> activities(conversations).sendTemplate(command(null)))
        .isInstanceOf(io.temporal.failure.ActivityFailure.class)
        .rootCause()
        .hasMessageContaining("template_paused");
    assertThat(messages.findBySend(WS, PHONE, "c1", 2)).isEmpty();
  }

  @Test
  void givenItsTemplateIsApproved_whenSent_theMessageKeepsItsRenderedText() {
    storeTemplate("APPROVED");
    SendTemplateCommand base = command(null);
    SendTemplateCommand command =
        new SendTemplateCommand(
            base.conversationId(),
            base.workspaceId(),
            base.channelId(),
            base.nodeId(),
            base.sendSeq(),
            base.contact(),
            base.template(),
            List.of("Ada", "A-17"),
            base.buttonPayloads(),
            null,
            List.of("A-17"));

    activities(conversations).sendTemplate(command);

    assertThat(messages.findBySend(WS, PHONE, "c1", 2).orElseThrow().renderedText())
        .isEqualTo("Order A-17\n\nHi Ada, order A-17 is on its way.\n\nReply STOP to opt out");
  }

  private void storeTemplate(String status) {
    mongo.save(
        new org.bson.Document("_id", "t-1")
            .append("workspaceId", WS)
            .append("name", "order_status")
            .append("language", "en")
            .append("status", status)
            .append(
                "components",
                List.of(
                    Map.of("type", "HEADER", "format", "TEXT", "text", "Order {{1}}"),
                    Map.of("type", "BODY", "text", "Hi {{1}}, order {{2}} is on its way."),
                    Map.of("type", "FOOTER", "text", "Reply STOP to opt out"),
                    Map.of(
                        "type",
                        "BUTTONS",
                        "buttons",
                        List.of(Map.of("type", "QUICK_REPLY", "text", "Yes"))))),
        "templates");
  }

  private static ProgressUpdate progress() {
    return new ProgressUpdate(
        "c1",
        WS,
        0,
        ConversationStatus.WAITING,
        "n2",
        Map.of(),
        List.of(
            new Step(0, StepKind.REPLY, "n1", null, "button_click", "Track Order", 1L),
            new Step(1, StepKind.NODE_ENTERED, "n2", null, null, "template", 1L)));
  }

  private static SendTemplateCommand command(ProgressUpdate progress) {
    return new SendTemplateCommand(
        "c1",
        WS,
        PHONE,
        "n2",
        2,
        new ContactRef("15550001", "Ada", "ck_1"),
        new TemplateSpec("t-1", "order_status", "en", List.of("Yes")),
        List.of(),
        List.of("cf:c1:2:0"),
        progress);
  }

  private static ConversationDocument conversation() {
    return new ConversationDocument(
        "c1",
        WS,
        "flow-1",
        1,
        PHONE,
        "ck_1",
        "conversation:c1",
        null,
        ConversationStatus.RUNNING,
        "n1",
        Map.of(),
        0,
        null,
        Instant.now(),
        Instant.now(),
        null);
  }
}
