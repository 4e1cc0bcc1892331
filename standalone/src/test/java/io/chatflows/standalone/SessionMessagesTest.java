package io.chatflows.standalone;

import static io.chatflows.standalone.BridgeScenario.newContact;
import static io.chatflows.standalone.BridgeScenario.newMessageId;
import static io.chatflows.standalone.BridgeScenario.sent;
import static io.chatflows.standalone.BridgeScenario.steps;
import static io.chatflows.standalone.BridgeScenario.templateName;
import static io.chatflows.standalone.Fixtures.PHONE_NUMBER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Session messages through the whole app against the Graph API stand-in: each kind's request body
 * exactly as the Cloud API reference writes it (test resources/samples), the contact's webhook
 * replies (interactive button and list replies, a location, media) taking one edge each, and
 * nothing sent when the contact's 24-hour window is closed.
 */
class SessionMessagesTest extends CloudApiTestBase {

  /** The sample request body, for {@code contact} (the sample's number replaced). */
  private static JsonNode expected(String sample, String contact) {
    return Http.JSON.readTree(Fixtures.sample(sample).replace("16505551234", contact));
  }

  private static JsonNode body(GraphApiStandIn.Received received) {
    return Http.JSON.readTree(received.body());
  }

  /**
   * A webhook sample from the contact, sent now (the samples' own timestamps are long past, outside
   * any 24-hour window), with a new message id and, when given, a context.
   */
  private static String fromContact(String sample, String contact, String contextId) {
    return fromContact(sample, contact, contextId, message -> {});
  }

  private static String fromContact(
      String sample, String contact, String contextId, Consumer<ObjectNode> change) {
    ObjectNode root = (ObjectNode) Http.JSON.readTree(Fixtures.sample(sample));
    ObjectNode value = (ObjectNode) root.get("entry").get(0).get("changes").get(0).get("value");
    ((ObjectNode) value.get("metadata")).put("phone_number_id", PHONE_NUMBER_ID);
    ((ObjectNode) value.get("contacts").get(0)).put("wa_id", contact);
    ObjectNode message = (ObjectNode) value.get("messages").get(0);
    message.put("from", contact);
    message.put("id", newMessageId());
    message.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
    if (contextId != null) {
      message.putObject("context").put("from", "15550783881").put("id", contextId);
    }
    change.accept(message);
    return Http.JSON.writeValueAsString(root);
  }

  private void deliver(String body) {
    Http.Response delivered = scenario.webhook(body);
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
  }

  private BridgeScenario.Flow flow(String startTemplate, String graph) {
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                "{\"name\": \"Session flow\", \"is_active\": true, \"start_template\": \"%s\","
                        .formatted(startTemplate)
                    + " \"flow_data\": {"
                    + graph
                    + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new BridgeScenario.Flow(created.json().get("id").asString(), startTemplate);
  }

  private String startAs(BridgeScenario.Flow flow, String contact, String name) {
    Http.Response started =
        scenario
            .http()
            .post(
                "/chat-flow/flows/" + flow.id() + "/start/",
                "{\"contact\": \"%s\", \"name\": \"%s\"}".formatted(contact, name));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json().get("id").asString();
  }

  private JsonNode awaitWaitingAt(String conversation, String node, int sends) {
    return scenario.awaitConversation(
        conversation,
        c ->
            c.get("status").asString().equals("waiting")
                && c.get("current_node").asString().equals(node)
                && sent(c).size() == sends);
  }

  @Test
  void
      givenTheContactWrote_whenSessionNodesRun_eachRequestBodyIsTheCloudApisAndRepliesTakeTheirEdges() {
    String question = scenario.template("session_question", List.of());
    BridgeScenario.Flow flow =
        flow(
            question,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%s"}},
              {"id": "node-2", "type": "buttons", "position": {"x": 300, "y": 0},
               "data": {"header": "Hi {{contact.name}}", "body": "Was your order on time?",
                        "footer": "Lucky Shrub", "buttons": [{"id": "on-time", "title": "Yes"},
                        {"id": "late", "title": "No, it was late"}]}},
              {"id": "node-3", "type": "list", "position": {"x": 600, "y": 0},
               "data": {"body": "Which shipping option do you prefer?", "button": "Shipping Options",
                        "sections": [{"title": "Fast", "rows": [{"id": "priority_express",
                        "title": "Priority Mail Express", "description": "Next Day to 2 Days"}]},
                        {"title": "Cheap", "rows": [{"id": "ground", "title": "Ground Advantage"}]}]}},
              {"id": "node-4", "type": "cta_url", "position": {"x": 900, "y": 0},
               "data": {"body": "Tap the button below to see available dates.",
                        "display_text": "See Dates",
                        "url": "https://www.luckyshrub.com/dates?c={{contact.wa_id}}"}},
              {"id": "node-5", "type": "location_request", "position": {"x": 1200, "y": 0},
               "data": {"body": "Where should we pick it up?"}},
              {"id": "node-6", "type": "media", "position": {"x": 1500, "y": 0},
               "data": {"media_type": "image", "caption": "Your succulent",
                        "link": "https://www.luckyshrub.com/assets/succulent.png"}},
              {"id": "node-7", "type": "media", "position": {"x": 1800, "y": 0},
               "data": {"media_type": "document", "media_id": "1121847502669512",
                        "caption": "Your invoice", "filename": "invoice.pdf"}},
              {"id": "node-8", "type": "media", "position": {"x": 2100, "y": 0},
               "data": {"media_type": "audio", "link": "https://www.luckyshrub.com/assets/welcome.ogg"}},
              {"id": "node-9", "type": "action", "position": {"x": 300, "y": 300},
               "data": {"action": "end"}}],
            "edges": [
              {"id": "edge-1", "source": "node-1", "target": "node-2", "data": {"trigger": "text_reply"}},
              {"id": "edge-2", "source": "node-2", "target": "node-3",
               "data": {"trigger": "button_reply", "trigger_value": "late"}},
              {"id": "edge-3", "source": "node-2", "target": "node-9",
               "data": {"trigger": "button_reply", "trigger_value": "on-time"}},
              {"id": "edge-4", "source": "node-3", "target": "node-4",
               "data": {"trigger": "list_reply", "trigger_value": "priority_express"}},
              {"id": "edge-5", "source": "node-4", "target": "node-5"},
              {"id": "edge-6", "source": "node-5", "target": "node-6",
               "data": {"trigger": "location_received"}},
              {"id": "edge-7", "source": "node-6", "target": "node-7",
               "data": {"trigger": "media_received", "trigger_value": "image"}},
              {"id": "edge-8", "source": "node-7", "target": "node-8"}]
            """
                .formatted(question));
    String contact = newContact();
    String conversation = startAs(flow, contact, "Sheena");
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("session_question");
    awaitWaitingAt(conversation, "node-1", 1);

    deliver(fromContact("whatsapp-webhook-text.json", contact, null));
    String buttons = sent(awaitWaitingAt(conversation, "node-2", 2)).get(1);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-interactive-button-request.json", contact));

    deliver(
        fromContact(
            "whatsapp-webhook-interactive-button.json",
            contact,
            buttons,
            m ->
                ((ObjectNode) m.get("interactive").get("button_reply"))
                    .put("id", "late")
                    .put("title", "No, it was late")));
    String list = sent(awaitWaitingAt(conversation, "node-3", 3)).get(2);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-interactive-list-request.json", contact));

    deliver(fromContact("whatsapp-webhook-interactive-list.json", contact, list));
    awaitWaitingAt(conversation, "node-5", 5);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-interactive-cta-url-request.json", contact));
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-interactive-location-request-request.json", contact));

    deliver(fromContact("whatsapp-webhook-location.json", contact, null));
    awaitWaitingAt(conversation, "node-6", 6);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-image-request.json", contact));

    deliver(fromContact("whatsapp-webhook-image.json", contact, null));
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-document-request.json", contact));
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-audio-request.json", contact));
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
    assertThat(done.get("steps").findValuesAsString("trigger"))
        .containsSubsequence(
            "text_reply",
            "button_reply",
            "list_reply",
            "default",
            "location_received",
            "media_received",
            "default");
    assertThat(steps(done)).contains("reply:node-5", "reply:node-6");
  }

  @Test
  void givenAContactWhoNeverWrote_whenASessionNodeIsReached_theGraphApiGetsOnlyTheTemplates() {
    String info = scenario.template("session_info", List.of());
    String fallback = scenario.template("session_fallback", List.of());
    BridgeScenario.Flow ending =
        flow(
            info,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%s"}},
              {"id": "node-2", "type": "buttons", "position": {"x": 300, "y": 0},
               "data": {"body": "Rate us", "buttons": [{"id": "good", "title": "Good"}]}}],
            "edges": [{"id": "edge-1", "source": "node-1", "target": "node-2"}]
            """
                .formatted(info));
    // One active flow per start template: the second flow starts from a copy of the template.
    String infoCopy = scenario.template("session_info", List.of());
    BridgeScenario.Flow fallingBack =
        flow(
            infoCopy,
            """
            "nodes": [
              {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
               "data": {"template_id": "%s"}},
              {"id": "node-2", "type": "list", "position": {"x": 300, "y": 0},
               "data": {"body": "Pick", "button": "Options",
                        "sections": [{"rows": [{"id": "a", "title": "A"}]}]}},
              {"id": "node-3", "type": "template", "position": {"x": 600, "y": 0},
               "data": {"template_id": "%s"}}],
            "edges": [{"id": "edge-1", "source": "node-1", "target": "node-2"},
                      {"id": "edge-2", "source": "node-2", "target": "node-3",
                       "data": {"trigger": "window_closed"}}]
            """
                .formatted(infoCopy, fallback));
    String first = newContact();
    String second = newContact();

    JsonNode ended = scenario.awaitStatus(startAs(ending, first, "Ada"), "window_closed");
    JsonNode fellBack = scenario.awaitStatus(startAs(fallingBack, second, "Bo"), "completed");

    assertThat(templateName(scenario.awaitSendTo(first))).isEqualTo("session_info");
    assertThat(scenario.remainingSendsTo(first)).isEmpty();
    assertThat(steps(ended)).endsWith("window_closed:node-2", "ended:node-2");
    assertThat(templateName(scenario.awaitSendTo(second))).isEqualTo("session_info");
    assertThat(templateName(scenario.awaitSendTo(second))).isEqualTo("session_fallback");
    assertThat(scenario.remainingSendsTo(second)).isEmpty();
    assertThat(steps(fellBack)).contains("window_closed:node-2", "message_sent:node-3");
  }
}
