package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Something the contact or WhatsApp sent that concerns a conversation: the payload of the inbound
 * signal.
 *
 * @param messageId the WhatsApp message id (wamid) of a reply, or of our message for a status; the
 *     de-duplication key
 * @param text the button text, the message body, the title of an interactive reply, the caption of
 *     media, or {@code latitude,longitude} of a location
 * @param payload the button payload, the id of an interactive reply (a reply button's or a list
 *     row's), or the type of media ({@code image}, ...)
 * @param contextMessageId the id of our message that a button click answers, when WhatsApp says
 * @param errorCode WhatsApp's error code of a failed delivery
 * @param conversationId the conversation the event is meant for, when it is meant for one (a
 *     delivery failure of a message that conversation sent); a conversation ignores an event meant
 *     for another. Left out of the payload when {@code null}, so events without it keep the shape
 *     that earlier workers and stored histories have; unknown fields are ignored for the same
 *     reason.
 * @param at when the contact sent it (epoch milliseconds, WhatsApp's timestamp): it opens the
 *     contact's 24-hour window. Left out when {@code null}, the shape of earlier events.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InboundEvent(
    String messageId,
    Kind kind,
    String text,
    String payload,
    String contextMessageId,
    String errorCode,
    @JsonInclude(JsonInclude.Include.NON_NULL) String conversationId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long at) {

  public enum Kind {
    BUTTON,
    TEXT,
    DELIVERY_FAILED,
    /** A tap on a reply button of an interactive buttons message ({@code button_reply}). */
    BUTTON_REPLY,
    /** A row chosen from an interactive list message ({@code list_reply}). */
    LIST_REPLY,
    /** A shared location. */
    LOCATION,
    /** An image, video, audio, document or sticker. */
    MEDIA
  }

  /** An event without a sending time (the shape of earlier events). */
  public InboundEvent(
      String messageId,
      Kind kind,
      String text,
      String payload,
      String contextMessageId,
      String errorCode,
      String conversationId) {
    this(messageId, kind, text, payload, contextMessageId, errorCode, conversationId, null);
  }

  public static InboundEvent button(String messageId, String text, String payload, String context) {
    return new InboundEvent(messageId, Kind.BUTTON, text, payload, context, null, null);
  }

  public static InboundEvent text(String messageId, String body) {
    return new InboundEvent(messageId, Kind.TEXT, body, null, null, null, null);
  }

  /** A reply button tapped: its {@code id} and {@code title}. */
  public static InboundEvent buttonReply(
      String messageId, String id, String title, String context) {
    return new InboundEvent(messageId, Kind.BUTTON_REPLY, title, id, context, null, null);
  }

  /** A list row chosen: its {@code id} and {@code title}. */
  public static InboundEvent listReply(String messageId, String id, String title, String context) {
    return new InboundEvent(messageId, Kind.LIST_REPLY, title, id, context, null, null);
  }

  /** A shared location, as {@code latitude,longitude}. */
  public static InboundEvent location(String messageId, String latitudeLongitude) {
    return new InboundEvent(messageId, Kind.LOCATION, latitudeLongitude, null, null, null, null);
  }

  /** Media of {@code type} ({@code image}, ...) with its caption ({@code null} without one). */
  public static InboundEvent media(String messageId, String type, String caption) {
    return new InboundEvent(messageId, Kind.MEDIA, caption, type, null, null, null);
  }

  /**
   * WhatsApp could not deliver our message {@code ourMessageId}, sent by {@code conversationId}.
   */
  public static InboundEvent deliveryFailed(
      String ourMessageId, String errorCode, String conversationId) {
    return new InboundEvent(
        ourMessageId, Kind.DELIVERY_FAILED, null, null, null, errorCode, conversationId);
  }

  /** This event, sent by the contact at {@code epochMillis}. */
  public InboundEvent sentAt(long epochMillis) {
    return new InboundEvent(
        messageId, kind, text, payload, contextMessageId, errorCode, conversationId, epochMillis);
  }

  /** Whether the contact sent it (anything but a delivery status): it opens the 24-hour window. */
  public boolean fromContact() {
    return kind != Kind.DELIVERY_FAILED;
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
