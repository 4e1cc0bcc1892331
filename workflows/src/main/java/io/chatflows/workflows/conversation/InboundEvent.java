package io.chatflows.workflows.conversation;

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
 */
public record InboundEvent(
    String messageId,
    Kind kind,
    String text,
    String payload,
    String contextMessageId,
    String errorCode) {

  public enum Kind {
    BUTTON,
    TEXT,
    DELIVERY_FAILED
  }

  public static InboundEvent button(String messageId, String text, String payload, String context) {
    return new InboundEvent(messageId, Kind.BUTTON, text, payload, context, null);
  }

  public static InboundEvent text(String messageId, String body) {
    return new InboundEvent(messageId, Kind.TEXT, body, null, null, null);
  }

  public static InboundEvent deliveryFailed(String ourMessageId, String errorCode) {
    return new InboundEvent(ourMessageId, Kind.DELIVERY_FAILED, null, null, null, errorCode);
  }

  /** De-duplication key: a status and a reply never share a key even for the same wamid. */
  public String dedupKey() {
    return kind == Kind.DELIVERY_FAILED ? "failed:" + messageId : messageId;
  }
}
