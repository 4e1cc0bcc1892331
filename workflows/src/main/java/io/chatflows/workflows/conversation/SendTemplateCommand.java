package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.TemplateSpec;
import java.util.List;

/**
 * Sends one template message.
 *
 * @param bodyParameters the rendered body parameters, in order
 * @param buttonPayloads the payload to put on each quick-reply button, in button order
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
    List<String> buttonPayloads) {}
