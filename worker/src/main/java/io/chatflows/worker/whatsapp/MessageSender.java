package io.chatflows.worker.whatsapp;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.store.template.SendableTemplates;
import io.chatflows.store.template.TemplateText;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Sends through the channel's mode: the Graph API for {@code cloud_api}, the outbox for {@code
 * sandbox}. Either way the message is stored under its WhatsApp id so replies and statuses find
 * their conversation. A send already stored (conversation id and send number) is not repeated.
 *
 * <p>A template is sent only while WhatsApp approves it: a template that is paused, disabled,
 * rejected or deleted at Meta fails the send for good ({@code template_paused}, ...) before any
 * call to the Graph API, so the conversation takes its {@code delivery_failed} edge at once.
 */
@Component
public class MessageSender {

  private final ChannelStore channels;
  private final MessageStore messages;
  private final GraphApiSender graphApi;
  private final SendableTemplates templates;

  public MessageSender(
      ChannelStore channels,
      MessageStore messages,
      GraphApiSender graphApi,
      SendableTemplates templates) {
    this.channels = channels;
    this.messages = messages;
    this.graphApi = graphApi;
    this.templates = templates;
  }

  public String sendTemplate(SendTemplateCommand command) {
    Optional<SendableTemplates.Sendable> stored =
        templates.find(command.workspaceId(), command.template().id());
    Outgoing outgoing =
        new Outgoing(
            command.workspaceId(),
            command.channelId(),
            command.conversationId(),
            command.nodeId(),
            command.sendSeq(),
            command.contact(),
            "template",
            command.template().id(),
            command.template().name(),
            command.template().language(),
            command.bodyParameters(),
            command.headerParameters(),
            command.template().buttons(),
            command.buttonPayloads(),
            null,
            stored
                .map(
                    t ->
                        TemplateText.render(
                            t.components(), command.headerParameters(), command.bodyParameters()))
                .orElse(null));
    return send(
        outgoing,
        () -> {
          refuseUnsendable(command, stored);
          return MessageBodies.template(command);
        });
  }

  /**
   * Fails the send for good, without calling WhatsApp, when the template's current status is not
   * one WhatsApp sends (the failure's message is {@code template_<status>}).
   */
  private static void refuseUnsendable(
      SendTemplateCommand command, Optional<SendableTemplates.Sendable> stored) {
    if (stored.isPresent() && !stored.get().sendable()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "template_"
              + stored.get().status().toLowerCase(Locale.ROOT)
              + ": template "
              + command.template().name()
              + " is "
              + stored.get().status()
              + " at WhatsApp",
          SendErrors.PERMANENT);
    }
  }

  public String sendText(SendTextCommand command) {
    Outgoing outgoing =
        new Outgoing(
            command.workspaceId(),
            command.channelId(),
            command.conversationId(),
            command.nodeId(),
            command.sendSeq(),
            command.contact(),
            "text",
            null,
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            command.text(),
            command.text());
    return send(outgoing, () -> MessageBodies.text(command));
  }

  /**
   * Sends a session message; stored with its type as kind ({@code interactive}, {@code image},
   * ...), its text, and its buttons' or rows' titles and ids.
   */
  public String sendSession(SendSessionCommand command) {
    Outgoing outgoing =
        new Outgoing(
            command.workspaceId(),
            command.channelId(),
            command.conversationId(),
            command.nodeId(),
            command.sendSeq(),
            command.contact(),
            command.message().type(),
            null,
            null,
            null,
            List.of(),
            List.of(),
            command.message().choices(),
            command.message().choiceIds(),
            command.message().text(),
            command.message().text());
    return send(outgoing, () -> MessageBodies.session(command));
  }

  /** What a send stores about the message, whichever kind it is. */
  private record Outgoing(
      String workspaceId,
      String channelId,
      String conversationId,
      String nodeId,
      int sendSeq,
      ContactRef contact,
      String kind,
      String templateId,
      String templateName,
      String language,
      List<String> bodyParameters,
      List<String> headerParameters,
      List<String> buttons,
      List<String> buttonPayloads,
      String text,
      String renderedText) {}

  private String send(Outgoing out, Supplier<Object> body) {
    Optional<String> already =
        alreadySent(out.workspaceId(), out.channelId(), out.conversationId(), out.sendSeq());
    if (already.isPresent()) {
      return already.get();
    }
    ChannelDocument channel = channel(out.workspaceId(), out.channelId());
    Object request = body.get();
    String messageId =
        channel.sandbox()
            ? sandboxId(out.conversationId(), out.sendSeq())
            : graphApi.send(channel, request);
    messages.save(
        new MessageDocument(
            messageId,
            out.workspaceId(),
            channel.phoneNumberId(),
            out.conversationId(),
            ConversationIds.workflowId(
                out.workspaceId(), channel.phoneNumberId(), out.contact().key()),
            out.nodeId(),
            out.sendSeq(),
            out.contact().key(),
            out.contact().waId(),
            out.kind(),
            out.templateId(),
            out.templateName(),
            out.language(),
            out.bodyParameters(),
            out.headerParameters(),
            out.buttons(),
            out.buttonPayloads(),
            out.text(),
            channel.sandbox(),
            Map.of(),
            Instant.now(),
            out.renderedText()));
    return messageId;
  }

  /**
   * The message of a send that already went out: an activity retried after its result was lost
   * (e.g. Temporal was briefly unreachable) must not message the contact twice.
   */
  private Optional<String> alreadySent(
      String workspaceId, String channelId, String conversationId, int sendSeq) {
    return messages
        .findBySend(workspaceId, channelId, conversationId, sendSeq)
        .map(MessageDocument::id);
  }

  private ChannelDocument channel(String workspaceId, String channelId) {
    return channels
        .find(workspaceId, channelId)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "channel " + channelId + " does not exist", SendErrors.PERMANENT));
  }

  /** Sandbox ids are derived from the send, so a retried activity stores the same message. */
  private static String sandboxId(String conversationId, int sendSeq) {
    return "wamid.sandbox." + conversationId + "." + sendSeq;
  }
}
