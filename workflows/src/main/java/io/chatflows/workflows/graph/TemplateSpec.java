package io.chatflows.workflows.graph;

import java.util.List;

/**
 * What the conversation needs of a WhatsApp template: its name and language and the texts of its
 * quick-reply buttons, in order.
 */
public record TemplateSpec(String id, String name, String language, List<String> buttons) {

  public TemplateSpec {
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
  }
}
