package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What the handoff webhook receives (the JSON body, field for field), shaped like the events of an
 * agent inbox's API channel (Chatwoot's {@code message_created}): {@code handoff_started} when the
 * conversation reaches the handoff node, {@code message_created} for each message of the contact
 * while it is with an agent.
 *
 * @param event {@code handoff_started} or {@code message_created}
 * @param id unique per event: the receiver's de-duplication key (also the {@code Idempotency-Key}
 *     header)
 * @param message the contact's message; {@code null} for {@code handoff_started}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoffEvent(
    String event, String id, HandoffConversation conversation, HandoffMessage message) {

  public static final String STARTED = "handoff_started";
  public static final String MESSAGE_CREATED = "message_created";

  /**
   * The conversation's context.
   *
   * @param id the conversation's id (the agent API's address)
   * @param node the handoff node's id
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HandoffConversation(
      String id,
      String workspace,
      String channel,
      String flow,
      @JsonProperty("flow_version") int flowVersion,
      String node,
      String team,
      String note,
      Contact contact,
      Map<String, String> variables,
      List<String> tags) {}

  /** The contact: {@code phone} is the WhatsApp id; {@code key} the workspace's contact key. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Contact(String key, String phone, String name) {}

  /**
   * A message of the contact.
   *
   * @param id the WhatsApp message id (wamid)
   * @param messageType always {@code incoming}
   * @param contentType {@code text}, {@code button}, {@code button_reply}, {@code list_reply},
   *     {@code location} or {@code media}
   * @param content the text, the tapped title, the caption, or {@code latitude,longitude}
   * @param attachments for media: one with its {@code file_type} ({@code image}, ...)
   * @param createdAt when the contact sent it (epoch seconds)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HandoffMessage(
      String id,
      @JsonProperty("message_type") String messageType,
      @JsonProperty("content_type") String contentType,
      String content,
      List<Map<String, String>> attachments,
      @JsonProperty("created_at") long createdAt) {}
}
