package io.chatflows.worker.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.channel.WhatsAppProperties;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.crypto.EncryptionProperties;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.store.index.StoreIndexes;
import io.chatflows.store.message.MessageDocument;
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
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.graph.SessionMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session message sent by the real activity through the Graph API sender to a local stand-in: the
 * request body the Cloud API takes, the message stored with its buttons' titles and ids, and a send
 * refused without any request when the contact's 24-hour window on that number is closed.
 */
class SessionSendTest {

  private static final String WS = "ws-1";
  private static final String PHONE = "106540352242922";
  private static final ContactRef ADA = new ContactRef("16505551234", "Ada", "ck_ada");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private MongoServer server;
  private MongoClient client;
  private MongoTemplateHolder mongo;
  private MongoTemplate template;
  private HttpServer graphApi;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment environment;
  private SimpleMeterRegistry registry;

  /** The Mongo template and the stores the activity uses. */
  private record MongoTemplateHolder(
      ContactStore contacts, MessageStore messages, ChannelStore channels) {}

  @BeforeEach
  void start() throws IOException {
    server = new MongoServer(H2Backend.inMemory());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    template = new MongoTemplate(client, "test");
    Keyring keyring =
        new Keyring(
            new EncryptionProperties(
                Map.of("k1", Base64.getEncoder().encodeToString(new byte[32])), "k1"));
    mongo =
        new MongoTemplateHolder(
            new ContactStore(template),
            new MessageStore(template),
            new ChannelStore(template, keyring, Duration.ofSeconds(5)));
    StoreIndexes.create(template, true, List.of(mongo.messages()));
    mongo
        .channels()
        .save(
            new ChannelDocument(
                "ch-1",
                WS,
                PHONE,
                "+1 555 0100",
                "waba-1",
                "token",
                "secret",
                "verify",
                ChannelDocument.CLOUD_API,
                true,
                Instant.now()));
    graphApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    graphApi.createContext(
        "/",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] answer =
              "{\"messages\":[{\"id\":\"wamid.graph.%d\"}]}"
                  .formatted(received.size())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    graphApi.start();
    registry = new SimpleMeterRegistry();
    environment = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    environment.close();
    graphApi.stop(0);
    client.close();
    server.shutdownNow();
  }

  private ConversationActivities activities() {
    SendMetrics metrics = new SendMetrics(registry, mongo.channels());
    String base = "http://127.0.0.1:" + graphApi.getAddress().getPort();
    ConversationStore conversations = new ConversationStore(template);
    environment.registerActivitiesImplementations(
        new ConversationActivitiesImpl(
            new MessageSender(
                mongo.channels(),
                mongo.messages(),
                new GraphApiSender(
                    JSON, new WhatsAppProperties(base, Duration.ofSeconds(5)), metrics),
                new SendableTemplates(template, Duration.ZERO)),
            mongo.contacts(),
            conversations,
            new WebhookCaller(new OutboundProperties(List.of(), null, 0, 0)),
            new HandoffForwarder(
                new WebhookCaller(new OutboundProperties(List.of(), null, 0, 0)),
                new HandoffProperties(null),
                JsonMapper.builder().build()),
            metrics,
            new ProgressMetrics(registry, new FlowLabels(200), conversations)));
    return environment.newActivityStub(
        ConversationActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private static SendSessionCommand buttons(long lastInboundAt) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("type", "button");
    content.put("body", Map.of("text", "Was it on time?"));
    content.put(
        "action",
        Map.of("buttons", List.of(reply("on-time", "Yes"), reply("late", "No, it was late"))));
    return new SendSessionCommand(
        "c1",
        WS,
        PHONE,
        "b1",
        2,
        ADA,
        new SessionMessage(
            "interactive",
            content,
            "Was it on time?",
            List.of("Yes", "No, it was late"),
            List.of("on-time", "late")),
        lastInboundAt);
  }

  private static Map<String, Object> reply(String id, String title) {
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", id);
    reply.put("title", title);
    Map<String, Object> button = new LinkedHashMap<>();
    button.put("type", "reply");
    button.put("reply", reply);
    return button;
  }

  private double windowClosed() {
    return registry
        .get("chatflow.messages.sent")
        .tags("kind", "session", "outcome", "window_closed")
        .counter()
        .count();
  }

  @Test
  void
      givenTheContactWroteAnHourAgo_whenSent_theGraphApiGetsTheInteractiveBodyAndTheSendIsStored() {
    mongo
        .contacts()
        .touch(WS, ADA.key(), ADA.waId(), "Ada", PHONE, Instant.now().minusSeconds(3600));

    SentMessage sent = activities().sendSession(buttons(0));

    assertThat(received).hasSize(1);
    assertThat(JSON.readTree(received.get(0)))
        .isEqualTo(
            JSON.readTree(
                """
                {"messaging_product": "whatsapp", "recipient_type": "individual",
                 "to": "16505551234", "type": "interactive",
                 "interactive": {"type": "button", "body": {"text": "Was it on time?"},
                   "action": {"buttons": [
                     {"type": "reply", "reply": {"id": "on-time", "title": "Yes"}},
                     {"type": "reply", "reply": {"id": "late", "title": "No, it was late"}}]}}}
                """));
    MessageDocument stored = mongo.messages().findBySend(WS, PHONE, "c1", 2).orElseThrow();
    assertThat(stored.id()).isEqualTo(sent.messageId()).isEqualTo("wamid.graph.1");
    assertThat(stored.kind()).isEqualTo("interactive");
    assertThat(stored.buttons()).containsExactly("Yes", "No, it was late");
    assertThat(stored.buttonPayloads()).containsExactly("on-time", "late");
  }

  @Test
  void givenTheContactLastWrote25HoursAgo_whenSent_itIsRefusedWithoutARequest() {
    Instant old = Instant.now().minus(Duration.ofHours(25));
    mongo.contacts().touch(WS, ADA.key(), ADA.waId(), "Ada", PHONE, old);
    ConversationActivities sut = activities();

    assertThatThrownBy(() -> sut.sendSession(buttons(old.toEpochMilli())))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .extracting(e -> ((ApplicationFailure) e).getType())
        .isEqualTo(SendErrors.PERMANENT);
    assertThat(received).isEmpty();
    assertThat(windowClosed()).isEqualTo(1.0);
    assertThat(mongo.messages().findBySend(WS, PHONE, "c1", 2)).isEmpty();
  }

  @Test
  void givenTheContactWroteOnlyToAnotherNumber_whenSent_itIsRefusedWithoutARequest() {
    mongo
        .contacts()
        .touch(WS, ADA.key(), ADA.waId(), "Ada", "999999999", Instant.now().minusSeconds(60));
    ConversationActivities sut = activities();

    assertThatThrownBy(() -> sut.sendSession(buttons(0))).isInstanceOf(ActivityFailure.class);
    assertThat(received).isEmpty();
  }

  @Test
  void givenTheConversationKnowsOfARecentMessage_whenTheRecordHasNone_itIsSent() {
    activities().sendSession(buttons(Instant.now().minusSeconds(60).toEpochMilli()));

    assertThat(received).hasSize(1);
  }
}
