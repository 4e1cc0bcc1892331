package io.chatflows.workflows.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why an edge is taken (spec §4). The wire name is the lower-case snake_case form. */
public enum Trigger {
  BUTTON_CLICK,
  TEXT_REPLY,
  CONDITION,
  DEFAULT,
  TIMEOUT,
  DELIVERY_FAILED;

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

  /** True for triggers that make a template node wait for the contact. */
  public boolean waitsForContact() {
    return this == BUTTON_CLICK || this == TEXT_REPLY;
  }
}
