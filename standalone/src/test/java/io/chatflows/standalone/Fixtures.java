package io.chatflows.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Request bodies in the shapes real builders and WhatsApp send (see test resources/samples). */
final class Fixtures {

  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String APP_SECRET = "test-app-secret";
  static final String ACCESS_TOKEN = "test-access-token";
  static final String TOKEN = "test-token";

  private Fixtures() {}

  static String welcomeTemplate() {
    return """
        {"name": "welcome_message", "language": "en_US", "category": "MARKETING",
         "components": [
           {"type": "BODY", "text": "Hi {{1}}! How can we help?"},
           {"type": "BUTTONS", "buttons": [
             {"type": "QUICK_REPLY", "text": "Track Order"},
             {"type": "QUICK_REPLY", "text": "Talk to an agent"}]}]}
        """;
  }

  static String orderStatusTemplate() {
    return """
        {"name": "order_status", "language": "en_US", "category": "UTILITY",
         "components": [{"type": "BODY", "text": "{{1}}, your order {{2}} is on its way."}]}
        """;
  }

  /** The seed's create-flow body: the welcome template, then order status or an agent. */
  static String welcomeFlow(String welcomeId, String orderStatusId) {
    return """
        {"name": "Welcome Flow", "is_active": true, "start_template": "%1$s",
         "flow_data": {
           "nodes": [
             {"id": "node-1", "type": "template", "position": {"x": 100, "y": 100},
              "data": {"template_id": "%1$s", "template_name": "welcome_message"}},
             {"id": "node-2", "type": "template", "position": {"x": 420, "y": 40},
              "data": {"template_id": "%2$s", "template_name": "order_status",
                       "parameters": {"body": ["{{contact.name}}", "{{variables.order_id}}"]}}},
             {"id": "node-3", "type": "action", "position": {"x": 420, "y": 220},
              "data": {"action": "assign", "team": "support", "handoff": true}}],
           "edges": [
             {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Track Order"},
             {"id": "edge-2", "source": "node-1", "target": "node-3", "label": "Button: Talk to an agent",
              "data": {"trigger": "button_click", "trigger_value": "Talk to an agent"}}]}}
        """
        .formatted(welcomeId, orderStatusId);
  }

  /** A button-click webhook in the shape of samples/whatsapp-webhook-button.json. */
  static String buttonWebhook(
      String from, String messageId, String contextId, String text, String payload) {
    return """
        {"object": "whatsapp_business_account",
         "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
           "messaging_product": "whatsapp",
           "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%s"},
           "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "%s"}],
           "messages": [{"context": {"from": "15550783881", "id": "%s"},
             "from": "%s", "id": "%s", "timestamp": "1712595443", "type": "button",
             "button": {"payload": "%s", "text": "%s"}}]}}]}]}
        """
        .formatted(PHONE_NUMBER_ID, from, contextId, from, messageId, payload, text);
  }

  static String sample(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
