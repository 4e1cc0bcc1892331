package io.chatflows.api.webhook;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A contact's message that was handed over (or recorded): its id is the wamid, so each message is
 * handed over once. Written only after the hand-over succeeded.
 *
 * @param outcome {@code signalled}, {@code started}, {@code no_conversation} or {@code unsupported}
 */
@Document("inbound_messages")
public record InboundDocument(
    @Id String id,
    String workspaceId,
    String channelId,
    String contactKey,
    String type,
    String outcome,
    Instant receivedAt) {}
