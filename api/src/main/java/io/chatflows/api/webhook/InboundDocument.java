package io.chatflows.api.webhook;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A contact's message, keyed by its wamid so each one is handed over once. It is written as a claim
 * ({@code outcome} null) before the hand-over and completed with the outcome after it; a failed
 * hand-over removes the claim, so WhatsApp's redelivery is processed normally.
 *
 * @param outcome {@code signalled}, {@code started}, {@code no_conversation}, {@code not_started}
 *     or {@code unsupported}; {@code null} while the hand-over is in progress
 * @param claimId who is handing the message over; a claim older than the lease is taken over
 */
@Document("inbound_messages")
public record InboundDocument(
    @Id String id,
    String workspaceId,
    String channelId,
    String contactKey,
    String type,
    String outcome,
    String claimId,
    Instant claimedAt,
    Instant handedOverAt) {}
