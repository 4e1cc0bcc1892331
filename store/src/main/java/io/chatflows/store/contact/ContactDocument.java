package io.chatflows.store.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A contact of a workspace, created on first contact. Its id is {@code workspaceId:contactKey}.
 *
 * @param waId the contact's WhatsApp id (phone number)
 * @param lastInboundAt when the contact last wrote to us, on any business number
 * @param lastInboundByChannel when the contact last wrote to each business number (by {@code
 *     phone_number_id}): opens the 24-hour window of session messages from that number. Contacts
 *     recorded before it have none until they write again.
 */
@Document("contacts")
public record ContactDocument(
    @Id String id,
    String workspaceId,
    String key,
    String waId,
    String name,
    List<String> tags,
    Map<String, String> attributes,
    String assignedTeam,
    String assignedAgent,
    Instant lastInboundAt,
    Map<String, Instant> lastInboundByChannel,
    Instant createdAt,
    Instant updatedAt) {

  /** Attribute names: letters, digits, '_' and '-'; they become MongoDB field names. */
  public static final java.util.regex.Pattern ATTRIBUTE_NAME =
      io.chatflows.workflows.graph.Limits.KEY_NAME;

  /**
   * When the contact last wrote to this business number; for a contact recorded before the numbers
   * were told apart, when it last wrote at all. {@code null}: never.
   */
  public Instant lastInboundAt(String channelId) {
    Instant onChannel = lastInboundByChannel == null ? null : lastInboundByChannel.get(channelId);
    return onChannel != null || lastInboundByChannel != null && !lastInboundByChannel.isEmpty()
        ? onChannel
        : lastInboundAt;
  }

  public static String idOf(String workspaceId, String key) {
    return workspaceId + ":" + key;
  }
}
