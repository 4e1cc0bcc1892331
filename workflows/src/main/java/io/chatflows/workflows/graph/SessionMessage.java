package io.chatflows.workflows.graph;

import java.util.List;
import java.util.Map;

/**
 * A session message ready to send, placeholders filled: the Cloud API message {@code type} and the
 * object sent under that key ({@code {"type": "interactive", "interactive": {...}}}), with what the
 * outbox shows of it.
 *
 * @param type {@code interactive}, {@code image}, {@code video}, {@code audio} or {@code document}
 * @param content the object sent under {@code type}, as plain maps, lists and texts in Cloud API
 *     order
 * @param text what the message says: its body, caption or link
 * @param choices the titles of its reply buttons or list rows, in order (empty for others)
 * @param choiceIds the ids of those buttons or rows: the contact's reply carries one
 */
public record SessionMessage(
    String type,
    Map<String, Object> content,
    String text,
    List<String> choices,
    List<String> choiceIds) {

  public SessionMessage {
    choices = texts(choices);
    choiceIds = texts(choiceIds);
  }

  /** The texts, a missing one as empty. */
  private static List<String> texts(List<String> texts) {
    return texts == null ? List.of() : texts.stream().map(t -> t == null ? "" : t).toList();
  }
}
