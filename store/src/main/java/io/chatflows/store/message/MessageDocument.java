package io.chatflows.store.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message we sent. Its id is WhatsApp's message id (wamid), so replies ({@code context.id}) and
 * statuses correlate to the conversation and node that sent it. Messages of sandbox channels are
 * the outbox.
 *
 * @param kind {@code template} or {@code text}
 * @param bodyParameters the rendered texts of the template's body {@code {{1}}}, {@code {{2}}}, ...
 * @param headerParameters the rendered text of a text header's {@code {{1}}} (none when the
 *     template's header has no parameter; {@code null} in messages stored before they were kept)
 * @param buttons the quick-reply button texts, in order
 * @param buttonPayloads the payload we put on each button
 * @param statuses WhatsApp delivery statuses seen ({@code sent}, {@code delivered}, {@code read},
 *     {@code failed}) with their time
 * @param renderedText what the contact reads: a template's header, body and footer with the
 *     parameters filled in, a text or session message's text ({@code null} in messages stored
 *     before it was kept, and for a template whose texts were not known)
 */
@Document("messages")
public record MessageDocument(
    @Id String id,
    String workspaceId,
    String channelId,
    String conversationId,
    String workflowId,
    String nodeId,
    int sendSeq,
    String contactKey,
    String to,
    String kind,
    String templateId,
    String templateName,
    String language,
    List<String> bodyParameters,
    List<String> headerParameters,
    List<String> buttons,
    List<String> buttonPayloads,
    String text,
    boolean sandbox,
    Map<String, Instant> statuses,
    Instant sentAt,
    String renderedText) {}
