package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.TemplateSpec;
import java.util.List;

/**
 * Sends one template message.
 *
 * @param bodyParameters the rendered body parameters, in order
 * @param buttonPayloads the payload to put on each quick-reply button, in button order
 * @param progress when not null, the conversation's progress up to this send (status {@code
 *     waiting} at this node): written to the projection, followed by the send's own steps, once the
 *     message is accepted, so that a step costs one projection write. A failed write does not fail
 *     the send ({@link SentMessage#recorded()} tells).
 */
public record SendTemplateCommand(
    String conversationId,
    String workspaceId,
    String channelId,
    String nodeId,
    int sendSeq,
    ContactRef contact,
    TemplateSpec template,
    List<String> bodyParameters,
    List<String> buttonPayloads,
    ProgressUpdate progress) {}
