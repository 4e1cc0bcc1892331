package io.chatflows.workflows.conversation;

/** A handoff event to post, signed, to the handoff webhook at {@code url}. */
public record HandoffForward(String workspaceId, String url, HandoffEvent event) {}
