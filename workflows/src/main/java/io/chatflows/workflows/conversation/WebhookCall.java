package io.chatflows.workflows.conversation;

import java.util.Map;

/** An HTTP request made by a webhook action. */
public record WebhookCall(
    String workspaceId, String method, String url, Map<String, String> headers, String body) {}
