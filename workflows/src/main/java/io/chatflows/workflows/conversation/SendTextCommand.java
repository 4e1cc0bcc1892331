package io.chatflows.workflows.conversation;

/** Sends one free-form text message. */
public record SendTextCommand(
    String conversationId,
    String workspaceId,
    String channelId,
    String nodeId,
    int sendSeq,
    ContactRef contact,
    String text) {}
