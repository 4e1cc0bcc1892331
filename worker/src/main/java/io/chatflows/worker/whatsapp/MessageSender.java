package io.chatflows.worker.whatsapp;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Sends through the channel's mode: the Graph API for {@code cloud_api}, the outbox for {@code
 * sandbox}. Either way the message is stored under its WhatsApp id so replies and statuses find
 * their conversation. A send already stored (conversation id and send number) is not repeated.
 */
@Component
public class MessageSender {

  private final ChannelStore channels;
  private final MessageStore messages;
  private final GraphApiSender graphApi;

  public MessageSender(ChannelStore channels, MessageStore messages, GraphApiSender graphApi) {
    this.channels = channels;
    this.messages = messages;
    this.graphApi = graphApi;
  }

  public String sendTemplate(SendTemplateCommand command) {
    Optional<String> already = alreadySent(command.conversationId(), command.sendSeq());
    if (already.isPresent()) {
      return already.get();
    }
    ChannelDocument channel = channel(command.workspaceId(), command.channelId());
    String messageId =
        channel.sandbox()
            ? sandboxId(command.conversationId(), command.sendSeq())
            : graphApi.send(channel, MessageBodies.template(command));
    messages.save(
        new MessageDocument(
            messageId,
            command.workspaceId(),
            channel.phoneNumberId(),
            command.conversationId(),
            ConversationIds.workflowId(
                command.workspaceId(), channel.phoneNumberId(), command.contact().key()),
            command.nodeId(),
            command.sendSeq(),
            command.contact().key(),
            command.contact().waId(),
            "template",
            command.template().id(),
            command.template().name(),
            command.template().language(),
            command.bodyParameters(),
            command.template().buttons(),
            command.buttonPayloads(),
            null,
            channel.sandbox(),
            Map.of(),
            Instant.now()));
    return messageId;
  }

  public String sendText(SendTextCommand command) {
    Optional<String> already = alreadySent(command.conversationId(), command.sendSeq());
    if (already.isPresent()) {
      return already.get();
    }
    ChannelDocument channel = channel(command.workspaceId(), command.channelId());
    String messageId =
        channel.sandbox()
            ? sandboxId(command.conversationId(), command.sendSeq())
            : graphApi.send(channel, MessageBodies.text(command));
    messages.save(
        new MessageDocument(
            messageId,
            command.workspaceId(),
            channel.phoneNumberId(),
            command.conversationId(),
            ConversationIds.workflowId(
                command.workspaceId(), channel.phoneNumberId(), command.contact().key()),
            command.nodeId(),
            command.sendSeq(),
            command.contact().key(),
            command.contact().waId(),
            "text",
            null,
            null,
            null,
            List.of(),
            List.of(),
            List.of(),
            command.text(),
            channel.sandbox(),
            Map.of(),
            Instant.now()));
    return messageId;
  }

  /**
   * The message of a send that already went out: an activity retried after its result was lost
   * (e.g. Temporal was briefly unreachable) must not message the contact twice.
   */
  private Optional<String> alreadySent(String conversationId, int sendSeq) {
    return messages.findBySend(conversationId, sendSeq).map(MessageDocument::id);
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
