package io.chatflows.api.webhook;

import io.chatflows.workflows.conversation.InboundEvent;
import java.time.Instant;

/** One event out of a WhatsApp webhook delivery. */
public sealed interface WebhookEvent {

  /** The business number ({@code metadata.phone_number_id}) the event concerns. */
  String channelId();

  /**
   * A message from a contact.
   *
   * @param type WhatsApp's message type ({@code button}, {@code interactive}, {@code text}, ...)
   * @param event the conversation signal, {@code null} for types conversations do not handle
   */
  record Message(
      String channelId,
      String waId,
      String name,
      String messageId,
      String type,
      InboundEvent event,
      Instant timestamp)
      implements WebhookEvent {}

  /** A delivery status of a message we sent. */
  record Status(
      String channelId,
      String messageId,
      String status,
      String recipient,
      String errorCode,
      Instant timestamp)
      implements WebhookEvent {}
}
