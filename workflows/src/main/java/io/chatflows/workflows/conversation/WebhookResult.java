package io.chatflows.workflows.conversation;

/** The response of a webhook action's HTTP call. */
public record WebhookResult(int status, String body) {}
