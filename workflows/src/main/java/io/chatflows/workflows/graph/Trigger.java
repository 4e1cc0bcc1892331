package io.chatflows.workflows.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an edge is taken (spec §4). The wire name is the lower-case snake_case form. */
public enum Trigger {
  BUTTON_CLICK(
      "Button",
      "The contact tapped the quick-reply button whose text (trimmed, any case) or payload is the"
          + " edge's value.",
      true),
  TEXT_REPLY(
      "Text reply",
      "The contact sent text: any text when the edge's value is empty, else that text (trimmed, any"
          + " case).",
      true),
  CONDITION(
      "Rule",
      "Out of a condition node: the edge's operator and value hold for the node's subject; rules are"
          + " tried in the order the edges were saved.",
      true),
  DEFAULT(
      "Next",
      "No other edge of the node was taken: the next step after an action or a template that waits"
          + " for nothing, the else-branch of a condition, the fallback for an unmatched reply.",
      false),
  TIMEOUT(
      "No reply",
      "The contact did not reply within the node's timeout; without such an edge the conversation"
          + " ends as timed_out.",
      false),
  DELIVERY_FAILED(
      "Not delivered",
      "The message could not be delivered (a permanent WhatsApp error or a failed status); without"
          + " such an edge the conversation ends as failed.",
      false),
  BUTTON_REPLY(
      "Button reply",
      "The contact tapped the reply button of a buttons node whose id is the edge's value.",
      true),
  LIST_REPLY(
      "List reply", "The contact chose the row of a list node whose id is the edge's value.", true),
  LOCATION_RECEIVED("Location", "The contact shared a location.", false),
  MEDIA_RECEIVED(
      "Media",
      "The contact sent an image, video, audio, document or sticker: any of them when the edge's"
          + " value is empty, else that type.",
      true),
  WINDOW_CLOSED(
      "Window closed",
      "Out of a session message: the contact has not written in the last 24 hours, so WhatsApp"
          + " would refuse it and nothing is sent; without such an edge the conversation ends as"
          + " window_closed.",
      false),
  NO_MATCH(
      "No match",
      "Out of a waiting node: the contact's reply took no other edge, and the node's re-prompts"
          + " (max_reprompts) are used up.",
      false),
  INVALID(
      "Invalid answer",
      "Out of a question: the contact's answer was invalid again after the node's re-prompts"
          + " (max_reprompts) were used up.",
      false);

  private final String label;
  private final String description;
  private final boolean hasValue;

  Trigger(String label, String description, boolean hasValue) {
    this.label = label;
    this.description = description;
    this.hasValue = hasValue;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; returns {@code null} for an unknown one so callers can report it. */
  @JsonCreator
  public static Trigger fromWire(String value) {
    if (value == null) {
      return null;
    }
    for (Trigger trigger : values()) {
      if (trigger.wireName().equalsIgnoreCase(value.trim())) {
        return trigger;
      }
    }
    return null;
  }

  /** True for triggers that make a node wait for the contact: a reply of the contact takes them. */
  public boolean waitsForContact() {
    return switch (this) {
      case BUTTON_CLICK, TEXT_REPLY, BUTTON_REPLY, LIST_REPLY, LOCATION_RECEIVED, MEDIA_RECEIVED ->
          true;
      default -> false;
    };
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** Whether edges with this trigger carry a {@code trigger_value}. */
  public boolean hasValue() {
    return hasValue;
  }
}
