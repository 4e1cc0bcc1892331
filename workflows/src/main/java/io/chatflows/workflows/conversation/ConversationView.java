package io.chatflows.workflows.conversation;

import java.util.List;
import java.util.Map;

/** Live state of a conversation, answered by the workflow's query. */
public record ConversationView(
    String conversationId,
    ConversationStatus status,
    String currentNodeId,
    String waitingMessageId,
    Map<String, String> variables,
    List<String> tags,
    int steps) {}
