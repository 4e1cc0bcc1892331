package io.chatflows.bench;

/** Request bodies in the shapes the builder and WhatsApp send. */
final class Payloads {

  static final String PHONE_NUMBER_ID = "106540352242922";

  private Payloads() {}

  static String menuTemplate() {
    return menuTemplate("bench_menu");
  }

  /** The menu template under another name (a workspace holds one template per name). */
  static String menuTemplate(String name) {
    return """
        {"name": "%s", "language": "en_US", "category": "MARKETING",
         "components": [
           {"type": "BODY", "text": "Hi {{1}}! How can we help?"},
           {"type": "BUTTONS", "buttons": [
             {"type": "QUICK_REPLY", "text": "Track Order"},
             {"type": "QUICK_REPLY", "text": "Talk to an agent"}]}]}
        """
        .formatted(name);
  }

  static String statusTemplate() {
    return """
        {"name": "bench_status", "language": "en_US", "category": "UTILITY",
         "components": [
           {"type": "BODY", "text": "{{1}}, your order {{2}} is on its way."},
           {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Menu"}]}]}
        """;
  }

  /**
   * The typical 6-node flow: menu → (Track Order) condition → set variable → order status → (Menu)
   * back to the menu; the other branches end with an agent hand-off or a text. Every click moves
   * the conversation to exactly one template send.
   */
  static String sixNodeFlow(String name, String menu, String status) {
    return """
        {"name": "%3$s", "is_active": true, "start_template": "%1$s",
         "flow_data": {
           "nodes": [
             {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
              "data": {"template_id": "%1$s", "template_name": "bench_menu",
                       "parameters": {"body": ["{{contact.name}}"]}}},
             {"id": "node-2", "type": "condition", "position": {"x": 300, "y": 0},
              "data": {"subject": "reply"}},
             {"id": "node-3", "type": "action", "position": {"x": 600, "y": 0},
              "data": {"action": "set_variable", "variable": "order_id", "value": "#4412"}},
             {"id": "node-4", "type": "template", "position": {"x": 900, "y": 0},
              "data": {"template_id": "%2$s", "template_name": "bench_status",
                       "parameters": {"body": ["{{contact.name}}", "{{variables.order_id}}"]}}},
             {"id": "node-5", "type": "action", "position": {"x": 300, "y": 300},
              "data": {"action": "assign", "team": "support", "handoff": true}},
             {"id": "node-6", "type": "action", "position": {"x": 600, "y": 300},
              "data": {"action": "send_text", "text": "Sorry, we did not get that."}}],
           "edges": [
             {"id": "edge-1", "source": "node-1", "target": "node-2", "label": "Button: Track Order"},
             {"id": "edge-2", "source": "node-1", "target": "node-5", "label": "Button: Talk to an agent"},
             {"id": "edge-3", "source": "node-2", "target": "node-3",
              "data": {"trigger": "condition", "operator": "contains", "trigger_value": "track"}},
             {"id": "edge-4", "source": "node-2", "target": "node-6", "data": {"trigger": "default"}},
             {"id": "edge-5", "source": "node-3", "target": "node-4"},
             {"id": "edge-6", "source": "node-4", "target": "node-1", "label": "Button: Menu"}]}}
        """
        .formatted(menu, status, name);
  }

  /**
   * A 500-node flow: every fifth node sends the menu and waits for a click, the others set a
   * variable; each node leads to the next. Saved as a draft: the bench saves many copies of it, and
   * only one active flow may have a given start template (validation runs the same either way).
   */
  static String largeFlow(String name, String menu, int nodes) {
    StringBuilder n = new StringBuilder();
    StringBuilder e = new StringBuilder();
    for (int i = 1; i <= nodes; i++) {
      boolean template = i % 5 == 1;
      String data =
          template
              ? "{\"template_id\": \"" + menu + "\", \"template_name\": \"bench_menu\"}"
              : "{\"action\": \"set_variable\", \"variable\": \"v" + i + "\", \"value\": \"x\"}";
      n.append(i > 1 ? "," : "")
          .append(
              "{\"id\": \"node-%d\", \"type\": \"%s\", \"position\": {\"x\": %d, \"y\": %d}, \"data\": %s}"
                  .formatted(i, template ? "template" : "action", 100 * i, 50 * (i % 7), data));
      if (i < nodes) {
        String label = template ? ", \"label\": \"Button: Track Order\"" : "";
        e.append(i > 1 ? "," : "")
            .append(
                "{\"id\": \"edge-%d\", \"source\": \"node-%d\", \"target\": \"node-%d\"%s}"
                    .formatted(i, i, i + 1, label));
      }
    }
    return "{\"name\": \"%s\", \"is_active\": false, \"start_template\": \"%s\", \"flow_data\": {\"nodes\": [%s], \"edges\": [%s], \"viewport\": {\"x\": 0, \"y\": 0, \"zoom\": 1}}}"
        .formatted(name, menu, n, e);
  }

  static String start(String contact) {
    return "{\"contact\": \"" + contact + "\", \"name\": \"Sheena\"}";
  }

  /** A quick-reply click on the message {@code contextId}. */
  static String click(String from, String wamid, String contextId, String text, String payload) {
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
        .formatted(PHONE_NUMBER_ID, from, contextId, from, wamid, payload, text);
  }

  /** A free-text message. */
  static String text(String from, String wamid, String body) {
    return """
        {"object": "whatsapp_business_account",
         "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
           "messaging_product": "whatsapp",
           "metadata": {"display_phone_number": "15550783881", "phone_number_id": "%s"},
           "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "%s"}],
           "messages": [{"from": "%s", "id": "%s", "timestamp": "1749416383", "type": "text",
             "text": {"body": "%s"}}]}}]}]}
        """
        .formatted(PHONE_NUMBER_ID, from, from, wamid, body);
  }
}
