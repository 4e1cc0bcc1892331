package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.conversation.ConversationStarter;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.trigger.InboundTriggers;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationSignals;
import io.chatflows.workflows.conversation.InboundEvent;
import io.grpc.Context;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Hands webhook events over to conversations. A message moves its contact's conversation through a
 * signal; a click on a start-template message starts the active flow for that template, and an
 * inbound trigger ({@link InboundTriggers}) starts its flow. Each message id is handed over once:
 * it is claimed before the hand-over and marked handed over only after it succeeded (a failure
 * gives the claim up, so the redelivery is processed normally), and the workflow itself also
 * ignores a message id it has seen. A failed hand-over may still have reached Temporal (its answer
 * came after the deadline): the redelivery first asks the contact's latest conversation, running or
 * ended, whether it took the message, so a conversation the message started or ended is not
 * followed by a second one the same message starts.
 *
 * <p>Every Temporal call of one event runs under a deadline ({@link BridgeProperties}), so an
 * unreachable Temporal turns into a 503 instead of a hanging delivery.
 */
@Service
public class WebhookBridge {

  private final WorkflowClient temporal;
  private final InboundMessages inbound;
  private final ContactStore contacts;
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final StartTriggers startTriggers;
  private final InboundTriggers inboundTriggers;
  private final ConversationStarter starter;
  private final BridgeProperties properties;
  private final ScheduledExecutorService deadlines;

  WebhookBridge(
      WorkflowClient temporal,
      InboundMessages inbound,
      ContactStore contacts,
      MessageStore messages,
      ConversationStore conversations,
      StartTriggers startTriggers,
      InboundTriggers inboundTriggers,
      ConversationStarter starter,
      BridgeProperties properties,
      @Qualifier("bridgeDeadlines") ScheduledExecutorService deadlines) {
    this.temporal = temporal;
    this.inbound = inbound;
    this.contacts = contacts;
    this.messages = messages;
    this.conversations = conversations;
    this.startTriggers = startTriggers;
    this.inboundTriggers = inboundTriggers;
    this.starter = starter;
    this.properties = properties;
    this.deadlines = deadlines;
  }

  /**
   * Hands one event over and returns its outcome ({@code signalled}, {@code started}, {@code
   * duplicate}, {@code no_conversation}, {@code not_started}, {@code unsupported}, {@code
   * recorded}, {@code unknown_message}). Throws when the hand-over failed and must be retried.
   */
  public String handle(Workspace workspace, ChannelDocument channel, WebhookEvent event) {
    Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(
                properties.handoverTimeout().toMillis(), TimeUnit.MILLISECONDS, deadlines);
    try {
      return context.call(
          () ->
              event instanceof WebhookEvent.Message message
                  ? message(workspace, channel, message)
                  : status(workspace, channel, (WebhookEvent.Status) event));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  private String message(
      Workspace workspace, ChannelDocument channel, WebhookEvent.Message message) {
    if (message.messageId() == null || message.waId() == null) {
      return "unsupported";
    }
    String contactKey = workspace.contactKey(message.waId());
    Optional<InboundMessages.Claim> claim =
        inbound.claim(
            new InboundDocument(
                InboundDocument.key(workspace.id(), channel.phoneNumberId(), message.messageId()),
                message.messageId(),
                workspace.id(),
                channel.phoneNumberId(),
                contactKey,
                message.type(),
                null,
                null,
                null,
                null));
    if (claim.isEmpty()) {
      return "duplicate";
    }
    try {
      Once touchContact =
          new Once(
              () ->
                  contacts.recordInbound(
                      workspace.id(),
                      contactKey,
                      message.waId(),
                      message.name(),
                      channel.phoneNumberId(),
                      message.timestamp()));
      String outcome =
          message.event() == null
              ? "unsupported"
              : deliver(workspace, channel, message, claim.get().retried(), touchContact);
      touchContact.run();
      inbound.complete(claim.get(), outcome);
      return outcome;
    } catch (RuntimeException e) {
      try {
        inbound.release(claim.get());
      } catch (RuntimeException releaseFailed) {
        e.addSuppressed(releaseFailed);
      }
      throw e;
    }
  }

  /**
   * Records the message on its contact (created on first contact, name, last inbound time) once per
   * hand-over: before a start, which reads the contact's last inbound time for the new
   * conversation's window; after a signal, off its path (the conversation knows the message's time
   * from the event).
   */
  private static final class Once implements Runnable {
    private final Runnable action;
    private boolean done;

    Once(Runnable action) {
      this.action = action;
    }

    @Override
    public void run() {
      if (!done) {
        action.run();
        done = true;
      }
    }
  }

  /**
   * The order a message is resolved in: an interrupting keyword trigger ends the contact's
   * conversation in progress and starts its flow; otherwise the conversation in progress takes the
   * message; otherwise a start-template click, a keyword trigger, then a catch-all start a flow.
   */
  private String deliver(
      Workspace workspace,
      ChannelDocument channel,
      WebhookEvent.Message message,
      boolean retried,
      Once touchContact) {
    String workflowId = workspace.workflowId(channel.phoneNumberId(), message.waId());
    if (retried && seen(workflowId, message.messageId())) {
      return "duplicate";
    }
    InboundTriggers.Resolution triggers =
        inboundTriggers.resolve(workspace, channel.phoneNumberId(), message.event());
    Optional<InboundTriggers.Fired> interrupting = triggers.interrupting();
    if (interrupting.isPresent()) {
      touchContact.run();
      return start(workspace, channel, message, interrupting.get().flow(), true, null);
    }
    if (signal(workflowId, message.event())) {
      return "signalled";
    }
    Optional<StartTriggers.StartTrigger> click = startTriggers.find(workspace, channel, message);
    touchContact.run();
    if (click.isPresent()) {
      return start(workspace, channel, message, click.get().flow(), false, click.get().event());
    }
    Optional<InboundTriggers.Fired> fired = triggers.forNewConversation();
    if (fired.isPresent()) {
      return start(workspace, channel, message, fired.get().flow(), false, null);
    }
    return "no_conversation";
  }

  /**
   * Starts the flow for the contact; {@code restart} first ends the conversation in progress, and
   * {@code click} is the start-template click to apply as the first reply.
   */
  private String start(
      Workspace workspace,
      ChannelDocument channel,
      WebhookEvent.Message message,
      FlowDocument flow,
      boolean restart,
      InboundEvent click) {
    try {
      starter.start(
          new ConversationStarter.StartRequest(
              workspace,
              flow,
              channel,
              message.waId(),
              message.name(),
              null,
              restart,
              click,
              message.messageId()));
      return "started";
    } catch (ApiException e) {
      if ("conversation_running".equals(e.code())
          && signal(
              workspace.workflowId(channel.phoneNumberId(), message.waId()), message.event())) {
        return "signalled";
      }
      if (e.status().is4xxClientError()) {
        return "not_started";
      }
      throw e;
    }
  }

  /**
   * Whether the contact's latest conversation, running or ended, took the message. A conversation
   * that cannot answer (a worker without the query, a run that fails to replay) leaves it unknown:
   * 503, and WhatsApp's redelivery asks again.
   */
  private boolean seen(String workflowId, String messageId) {
    try {
      return ConversationSignals.seen(temporal, workflowId, messageId);
    } catch (WorkflowNotFoundException e) {
      return false;
    } catch (WorkflowQueryException e) {
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "handover_unconfirmed",
          "an earlier delivery of this message may have reached the contact's conversation, which"
              + " cannot tell now; retry later");
    }
  }

  private boolean signal(String workflowId, InboundEvent event) {
    try {
      ConversationSignals.inbound(temporal, workflowId, event);
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /**
   * Records a delivery status; a {@code failed} one is first signalled to the conversation that
   * sent the message while it is open, so it can take its {@code delivery_failed} edge. The signal
   * names that conversation: if the contact's workflow id runs a later conversation by now, that
   * one ignores it.
   */
  private String status(Workspace workspace, ChannelDocument channel, WebhookEvent.Status status) {
    if (status.messageId() == null || status.status() == null) {
      return "unsupported";
    }
    Optional<MessageDocument> sent =
        messages.find(workspace.id(), channel.phoneNumberId(), status.messageId());
    if (sent.isEmpty()) {
      return "unknown_message";
    }
    if (sent.get().statuses() != null && sent.get().statuses().containsKey(status.status())) {
      return "duplicate";
    }
    boolean signalled = false;
    if ("failed".equals(status.status()) && conversationOpen(workspace, sent.get())) {
      signalled =
          signal(
              sent.get().workflowId(),
              InboundEvent.deliveryFailed(
                  status.messageId(), status.errorCode(), sent.get().conversationId()));
    }
    if (!messages.recordStatus(status.messageId(), status.status(), status.timestamp())) {
      return "duplicate";
    }
    return signalled ? "signalled" : "recorded";
  }

  private boolean conversationOpen(Workspace workspace, MessageDocument sent) {
    return sent.conversationId() != null
        && conversations
            .find(workspace.id(), sent.conversationId())
            .map(ConversationDocument::isOpen)
            .orElse(false);
  }
}
