package io.chatflows.api.webhook;

import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateDocument;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.InboundEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Recognises a contact's click on a start-template message that should start a conversation. */
@Component
class StartTriggers {

  private final MessageStore messages;
  private final FlowStore flows;
  private final TemplateStore templates;

  StartTriggers(MessageStore messages, FlowStore flows, TemplateStore templates) {
    this.messages = messages;
    this.flows = flows;
    this.templates = templates;
  }

  /** The flow a click on a start-template message starts, with the click as its first reply. */
  record StartTrigger(FlowDocument flow, InboundEvent event) {}

  /**
   * The active flow whose start template the contact clicked, with the click to apply as its first
   * reply. The clicked message, sent from this channel of this workspace, is found by {@code
   * context.id}, else by the payload we put on the button; without either, a button text that only
   * one active flow's start template has.
   */
  Optional<StartTrigger> find(
      Workspace workspace, ChannelDocument channel, WebhookEvent.Message message) {
    InboundEvent click = message.event();
    if (click.kind() != InboundEvent.Kind.BUTTON
        && click.kind() != InboundEvent.Kind.BUTTON_REPLY
        && click.kind() != InboundEvent.Kind.LIST_REPLY) {
      return Optional.empty();
    }
    Optional<MessageDocument> clicked = Optional.empty();
    if (click.contextMessageId() != null) {
      clicked = messages.find(workspace.id(), channel.phoneNumberId(), click.contextMessageId());
    }
    ConversationIds.ButtonRef ours = ConversationIds.parseButtonPayload(click.payload());
    if (clicked.isEmpty() && ours != null) {
      clicked =
          messages.findBySend(
              workspace.id(), channel.phoneNumberId(), ours.conversationId(), ours.sendSeq());
    }
    clicked = clicked.filter(m -> m.templateId() != null);
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
