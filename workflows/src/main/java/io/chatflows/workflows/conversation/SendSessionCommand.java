package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.SessionMessage;

/**
 * Sends one session message (interactive or media), placeholders filled.
 *
 * @param lastInboundAt when the contact last wrote, as the conversation knows it (epoch
 *     milliseconds): the worker refuses the send when its own record is no later and the window is
 *     closed by then
 */
public record SendSessionCommand(
    String conversationId,
    String workspaceId,
    String channelId,
    String nodeId,
    int sendSeq,
    ContactRef contact,
    SessionMessage message,
    long lastInboundAt) {}
