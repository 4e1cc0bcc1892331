package io.chatflows.worker.activity;

import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.worker.metrics.ProgressMetrics;
import io.chatflows.worker.metrics.SendMetrics;
import io.chatflows.worker.outbound.HandoffForwarder;
import io.chatflows.worker.outbound.WebhookCaller;
import io.chatflows.worker.whatsapp.MessageSender;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.HandoffForward;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.chatflows.workflows.graph.Limits;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The conversation activities, registered on the worker as bean {@code conversationActivities}. */
@Component("conversationActivities")
public class ConversationActivitiesImpl implements ConversationActivities {

  /** WhatsApp accepts session messages only this long after the contact last wrote. */
  static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofMillis(Limits.SESSION_WINDOW_MILLIS);

  private static final Logger log = LoggerFactory.getLogger(ConversationActivitiesImpl.class);

  private final MessageSender sender;
  private final ContactStore contacts;
  private final ConversationStore conversations;
  private final WebhookCaller webhooks;
  private final HandoffForwarder handoffs;
  private final SendMetrics sendMetrics;
  private final ProgressMetrics progressMetrics;

  public ConversationActivitiesImpl(
      MessageSender sender,
      ContactStore contacts,
      ConversationStore conversations,
      WebhookCaller webhooks,
      HandoffForwarder handoffs,
      SendMetrics sendMetrics,
      ProgressMetrics progressMetrics) {
    this.sender = sender;
    this.contacts = contacts;
    this.conversations = conversations;
    this.webhooks = webhooks;
    this.handoffs = handoffs;
    this.sendMetrics = sendMetrics;
    this.progressMetrics = progressMetrics;
  }

  @Override
  public SentMessage sendTemplate(SendTemplateCommand command) {
    SentMessage sent =
        sendMetrics.attempt(
            "template",
            command.workspaceId(),
            command.channelId(),
            () -> accepted(sender.sendTemplate(command)));
    return command.progress() == null ? sent : recordWithSend(command, sent);
  }

  /**
   * Writes the progress the workflow handed over with the send, followed by the send's steps. The
   * message is out either way: a failed write is left to the workflow's next projection write.
   */
  private SentMessage recordWithSend(SendTemplateCommand command, SentMessage sent) {
    try {
      ProgressUpdate progress =
          command.progress().withSent(command.nodeId(), sent, System.currentTimeMillis());
      Map<String, String> template =
          command.nodeId() == null || command.template().name() == null
              ? Map.of()
              : Map.of(command.nodeId(), command.template().name());
      if (conversations.apply(progress, template)) {
        progressMetrics.applied(progress);
      }
      return sent.asRecorded();
    } catch (RuntimeException e) {
      log.warn("projection write after a send failed; the workflow writes it again", e);
      return sent;
    }
  }

  @Override
  public SentMessage sendText(SendTextCommand command) {
    refuseOutsideWindow("text", command.workspaceId(), command.channelId(), command.contact(), 0);
    return sendMetrics.attempt(
        "text",
        command.workspaceId(),
        command.channelId(),
        () -> accepted(sender.sendText(command)));
  }

  /**
   * The workflow sends a session message only inside the window it knows of; this checks again,
   * when the message goes out (a retried send can come later), against the contact's record.
   */
  @Override
  public SentMessage sendSession(SendSessionCommand command) {
    refuseOutsideWindow(
        "session",
        command.workspaceId(),
        command.channelId(),
        command.contact(),
        command.lastInboundAt());
    return sendMetrics.attempt(
        "session",
        command.workspaceId(),
        command.channelId(),
        () -> accepted(sender.sendSession(command)));
  }

  /**
   * Refuses a session message, without calling WhatsApp, when the contact last wrote on the number
   * more than 24 hours ago: the later of the stored time and what the conversation knows ({@code
   * knownMillis}, 0 for nothing).
   */
  private void refuseOutsideWindow(
      String kind, String workspaceId, String channelId, ContactRef contact, long knownMillis) {
    Instant stored =
        contacts.find(workspaceId, contact.key()).map(c -> c.lastInboundAt(channelId)).orElse(null);
    Instant known = knownMillis > 0 ? Instant.ofEpochMilli(knownMillis) : null;
    Instant lastInbound =
        stored == null || (known != null && known.isAfter(stored)) ? known : stored;
    if (lastInbound == null || lastInbound.isBefore(Instant.now().minus(CUSTOMER_SERVICE_WINDOW))) {
      sendMetrics.windowClosed(kind, workspaceId, channelId);
      throw ApplicationFailure.newNonRetryableFailure(
          "session messages are only allowed within 24 hours of the contact's last message",
          SendErrors.PERMANENT);
    }
  }

  /** The accepted message with this activity's attempt, so the workflow can record retries. */
  private static SentMessage accepted(String messageId) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    return new SentMessage(messageId, info.getAttempt(), info.getScheduledTimestamp());
  }

  @Override
  public void updateContact(ContactUpdate update) {
    contacts.apply(update);
  }

  @Override
  public WebhookResult callWebhook(WebhookCall call) {
    return webhooks.call(call);
  }

  @Override
  public void forwardToAgent(HandoffForward forward) {
    handoffs.forward(forward);
  }

  @Override
  public void recordProgress(ProgressUpdate update) {
    if (conversations.apply(update)) {
      progressMetrics.applied(update);
    }
  }
}
