package io.chatflows.worker.whatsapp;

import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds WhatsApp Cloud API send-message request bodies. */
final class MessageBodies {

  private MessageBodies() {}

  /**
   * A template message with its header and body parameters and a payload on each quick-reply
   * button.
   */
  static Map<String, Object> template(SendTemplateCommand command) {
    List<Object> components = new ArrayList<>();
    if (!command.headerParameters().isEmpty()) {
      components.add(parameters("header", command.headerParameters()));
    }
    if (!command.bodyParameters().isEmpty()) {
      components.add(parameters("body", command.bodyParameters()));
    }
    for (int i = 0; i < command.buttonPayloads().size(); i++) {
      Map<String, Object> button = new LinkedHashMap<>();
      button.put("type", "button");
      button.put("sub_type", "quick_reply");
      button.put("index", Integer.toString(i));
      button.put(
          "parameters",
          List.of(Map.of("type", "payload", "payload", command.buttonPayloads().get(i))));
      components.add(button);
    }
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("name", command.template().name());
    template.put("language", Map.of("code", command.template().language()));
    template.put("components", components);
    return envelope(command.contact().waId(), "template", template);
  }

  private static Map<String, Object> parameters(String type, List<String> texts) {
    return Map.of(
        "type",
        type,
        "parameters",
        texts.stream()
            .map(text -> Map.of("type", "text", "text", text == null ? "" : text))
            .toList());
  }

  static Map<String, Object> text(SendTextCommand command) {
    return envelope(
        command.contact().waId(), "text", Map.of("preview_url", false, "body", command.text()));
  }

  private static Map<String, Object> envelope(String to, String type, Object content) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    body.put("to", to);
    body.put("type", type);
    body.put(type, content);
    return body;
  }
}
