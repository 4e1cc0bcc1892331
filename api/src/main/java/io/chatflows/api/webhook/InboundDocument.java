package io.chatflows.api.webhook;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A contact's message, keyed by its workspace, channel and wamid so each one is handed over once
 * per channel, and no workspace's message ids can collide with another's (a message id comes from
 * WhatsApp, or from whoever calls the sandbox's simulate endpoint). It is written as a claim
 * ({@code outcome} null) before the hand-over and completed with the outcome after it; a failed
 * hand-over gives the claim up ({@code claimId} and {@code claimedAt} removed), so WhatsApp's
 * redelivery takes it over at once, knowing an earlier attempt may have reached the conversation.
 *
 * @param id {@link #key}
 * @param messageId the wamid
 * @param outcome {@code signalled}, {@code started}, {@code no_conversation}, {@code not_started},
 *     {@code unsupported} or {@code duplicate}; {@code null} while the hand-over is in progress
 * @param claimId who is handing the message over; a claim older than the lease is taken over
 */
@Document("inbound_messages")
public record InboundDocument(
    @Id String id,
    String messageId,
    String workspaceId,
    String channelId,
    String contactKey,
    String type,
    String outcome,
    String claimId,
    Instant claimedAt,
    Instant handedOverAt) {

  /**
   * The claim key of a message: {@code workspace:phone_number_id:wamid}. Claims stored by earlier
   * versions under the wamid alone are never read again.
   */
  public static String key(String workspaceId, String channelId, String messageId) {
    return workspaceId + ":" + channelId + ":" + messageId;
  }
}
