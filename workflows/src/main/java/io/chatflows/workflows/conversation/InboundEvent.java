package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something the contact or WhatsApp sent that concerns a conversation: the payload of the inbound
 * signal.
 *
 * @param messageId the WhatsApp message id (wamid) of a reply, or of our message for a status; the
 *     de-duplication key
 * @param text the button text or the message body
 * @param payload the button payload (or interactive reply id)
 * @param contextMessageId the id of our message that a button click answers, when WhatsApp says
 * @param errorCode WhatsApp's error code of a failed delivery
 * @param conversationId the conversation the event is meant for, when it is meant for one (a
 *     delivery failure of a message that conversation sent); a conversation ignores an event meant
 *     for another. Left out of the payload when {@code null}, so events without it keep the shape
 *     that earlier workers and stored histories have; unknown fields are ignored for the same
 *     reason.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InboundEvent(
    String messageId,
    Kind kind,
    String text,
    String payload,
    String contextMessageId,
    String errorCode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String conversationId) {

  public enum Kind {
    BUTTON,
    TEXT,
    DELIVERY_FAILED
  }

  public static InboundEvent button(String messageId, String text, String payload, String context) {
    return new InboundEvent(messageId, Kind.BUTTON, text, payload, context, null, null);
  }

  public static InboundEvent text(String messageId, String body) {
    return new InboundEvent(messageId, Kind.TEXT, body, null, null, null, null);
  }

  /**
   * WhatsApp could not deliver our message {@code ourMessageId}, sent by {@code conversationId}.
   */
  public static InboundEvent deliveryFailed(
      String ourMessageId, String errorCode, String conversationId) {
    return new InboundEvent(
        ourMessageId, Kind.DELIVERY_FAILED, null, null, null, errorCode, conversationId);
  }

  /** Whether the event is meant for a conversation other than {@code conversationId}. */
  public boolean meantForAnother(String conversationId) {
    return this.conversationId != null && !this.conversationId.equals(conversationId);
  }

  /** De-duplication key: a status and a reply never share a key even for the same wamid. */
  public String dedupKey() {
    return kind == Kind.DELIVERY_FAILED ? "failed:" + messageId : messageId;
  }
}
