package io.chatflows.api.webhook;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.conversation.ConversationStarter;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateDocument;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.InboundEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Hands webhook events over to conversations. A message moves its contact's conversation through a
 * signal; a click on a start-template message starts the active flow for that template. Each
 * message id is handed over once: it is recorded only after the hand-over succeeded, and the
 * workflow itself ignores a message id it has seen, so concurrent duplicates have no effect.
 */
@Service
public class WebhookBridge {

  private final WorkflowClient temporal;
  private final MongoTemplate mongo;
  private final ContactStore contacts;
  private final MessageStore messages;
  private final FlowStore flows;
  private final TemplateStore templates;
  private final ConversationStarter starter;

  public WebhookBridge(
      WorkflowClient temporal,
      MongoTemplate mongo,
      ContactStore contacts,
      MessageStore messages,
      FlowStore flows,
      TemplateStore templates,
      ConversationStarter starter) {
    this.temporal = temporal;
    this.mongo = mongo;
    this.contacts = contacts;
    this.messages = messages;
    this.flows = flows;
    this.templates = templates;
    this.starter = starter;
  }

  /** Hands one event over; returns what happened. Throws when the hand-over must be retried. */
  public String handle(Workspace workspace, ChannelDocument channel, WebhookEvent event) {
    if (event instanceof WebhookEvent.Message message) {
      return message(workspace, channel, message);
    }
    return status(workspace, (WebhookEvent.Status) event);
  }

  private String message(
      Workspace workspace, ChannelDocument channel, WebhookEvent.Message message) {
    if (message.messageId() == null || message.waId() == null) {
      return "invalid";
    }
    // findById, not exists(): exists() is a count, which the embedded MongoDB server answers by
    // scanning the whole collection; a lookup by _id uses its unique index.
    if (mongo.findById(message.messageId(), InboundDocument.class) != null) {
      return "duplicate";
    }
    String contactKey = workspace.contactKey(message.waId());
    contacts.touch(workspace.id(), contactKey, message.waId(), message.name(), message.timestamp());
    String outcome = message.event() == null ? "unsupported" : deliver(workspace, channel, message);
    try {
      mongo.insert(
          new InboundDocument(
              message.messageId(),
              workspace.id(),
              channel.phoneNumberId(),
              contactKey,
              message.type(),
              outcome,
              Instant.now()));
    } catch (DuplicateKeyException concurrentDuplicate) {
      return "duplicate";
    }
    return outcome;
  }

  private String deliver(
      Workspace workspace, ChannelDocument channel, WebhookEvent.Message message) {
    String workflowId =
        ConversationIds.workflowId(
            workspace.id(), channel.phoneNumberId(), workspace.contactKey(message.waId()));
    if (signal(workflowId, message.event())) {
      return "signalled";
    }
    Optional<StartTrigger> trigger = startTrigger(workspace, message);
    if (trigger.isEmpty()) {
      return "no_conversation";
    }
    try {
      starter.start(
          new ConversationStarter.StartRequest(
              workspace,
              trigger.get().flow(),
              channel,
              message.waId(),
              message.name(),
              null,
              false,
              trigger.get().event()));
      return "started";
    } catch (ApiException e) {
      if ("conversation_running".equals(e.code()) && signal(workflowId, message.event())) {
        return "signalled";
      }
      if (e.status().is4xxClientError()) {
        return "not_started";
      }
      throw e;
    }
  }

  private boolean signal(String workflowId, InboundEvent event) {
    try {
      temporal.newUntypedWorkflowStub(workflowId).signal("inbound", event);
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  private String status(Workspace workspace, WebhookEvent.Status status) {
    if (status.messageId() == null || status.status() == null) {
      return "invalid";
    }
    Optional<MessageDocument> sent =
        messages.find(status.messageId()).filter(m -> m.workspaceId().equals(workspace.id()));
    if (sent.isEmpty()) {
      return "unknown_message";
    }
    if ("failed".equals(status.status())) {
      signal(
          sent.get().workflowId(),
          InboundEvent.deliveryFailed(status.messageId(), status.errorCode()));
    }
    return messages.recordStatus(status.messageId(), status.status(), status.timestamp())
        ? "recorded"
        : "duplicate";
  }

  /** The flow a click on a start-template message starts, with the click as its first reply. */
  record StartTrigger(FlowDocument flow, InboundEvent event) {}

  private Optional<StartTrigger> startTrigger(Workspace workspace, WebhookEvent.Message message) {
    InboundEvent click = message.event();
    if (click.kind() != InboundEvent.Kind.BUTTON) {
      return Optional.empty();
    }
    Optional<MessageDocument> clicked = Optional.empty();
    if (click.contextMessageId() != null) {
      clicked = messages.find(click.contextMessageId());
    }
    ConversationIds.ButtonRef ours = ConversationIds.parseButtonPayload(click.payload());
    if (clicked.isEmpty() && ours != null) {
      clicked = messages.findBySend(ours.conversationId(), ours.sendSeq());
    }
    clicked = clicked.filter(m -> m.workspaceId().equals(workspace.id()) && m.templateId() != null);
    String buttonText = click.text();
    List<FlowDocument> candidates;
    if (clicked.isPresent()) {
      MessageDocument sent = clicked.get();
      if (ours != null && ours.index() >= 0 && ours.index() < sent.buttons().size()) {
        buttonText = sent.buttons().get(ours.index());
      }
      candidates = flows.activeByStartTemplate(workspace.id(), sent.templateId());
    } else {
      String text = buttonText;
      candidates =
          templates.all(workspace.id()).stream()
              .filter(
                  t ->
                      text != null
                          && t.quickReplies().stream()
                              .anyMatch(b -> b.trim().equalsIgnoreCase(text.trim())))
              .map(TemplateDocument::id)
              .flatMap(id -> flows.activeByStartTemplate(workspace.id(), id).stream())
              .toList();
      if (candidates.size() != 1) {
        return Optional.empty();
      }
    }
    String context = clicked.map(MessageDocument::id).orElse(click.contextMessageId());
    InboundEvent applied = InboundEvent.button(click.messageId(), buttonText, null, context);
    return candidates.stream()
        .max(Comparator.comparing(FlowDocument::updatedAt))
        .map(flow -> new StartTrigger(flow, applied));
  }
}
