package io.chatflows.workflows.conversation;

/**
 * What an agent sends to the contact of a conversation with an agent.
 *
 * @param type {@code text}, {@code image}, {@code video}, {@code audio} or {@code document}
 * @param text the text of a {@code text} message
 * @param link the public URL of the media
 * @param caption the media's caption ({@code null}: none)
 * @param filename the file name of a document ({@code null}: none)
 */
public record AgentMessage(
    String type, String text, String link, String caption, String filename) {}
