package io.chatflows.workflows.conversation;

/** Our WhatsApp message id (wamid) of a message that was accepted for delivery. */
public record SentMessage(String messageId) {}
