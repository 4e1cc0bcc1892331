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
 * Questions and re-prompts through the whole app against the Graph API stand-in: the prompt, the
 * retry message and a waiting node's default re-prompt go out as the Cloud API's text message
 * bodies (test resources/samples), options as reply buttons, the valid answers are saved in the
 * conversation's variables, and a reply a buttons node does not understand is answered, then takes
 * no_match.
 */
class QuestionMessagesTest extends CloudApiTestBase {

  private static final String DEFAULT_REPROMPT =
      "Sorry, I did not understand that. Please answer with one of the options above.";

  private static JsonNode expected(String sample, String contact) {
    return Http.JSON.readTree(Fixtures.sample(sample).replace("16505551234", contact));
  }

  private static JsonNode body(GraphApiStandIn.Received received) {
    return Http.JSON.readTree(received.body());
  }

  /** A text message from the contact, sent now. */
  private static String text(String contact, String body) {
    return fromContact(
        "whatsapp-webhook-text.json", contact, m -> m.putObject("text").put("body", body));
  }

  private static String fromContact(String sample, String contact, Consumer<ObjectNode> change) {
    ObjectNode root = (ObjectNode) Http.JSON.readTree(Fixtures.sample(sample));
    ObjectNode value = (ObjectNode) root.get("entry").get(0).get("changes").get(0).get("value");
    ((ObjectNode) value.get("metadata")).put("phone_number_id", PHONE_NUMBER_ID);
    ((ObjectNode) value.get("contacts").get(0)).put("wa_id", contact);
    ObjectNode message = (ObjectNode) value.get("messages").get(0);
    message.put("from", contact);
    message.put("id", newMessageId());
    message.put("timestamp", Long.toString(System.currentTimeMillis() / 1000));
    change.accept(message);
    return Http.JSON.writeValueAsString(root);
  }

  private void deliver(String body) {
    Http.Response delivered = scenario.webhook(body);
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    assertThat(delivered.json().get("outcomes").get(0).asString()).isEqualTo("signalled");
  }

  private JsonNode awaitWaitingAt(String conversation, String node, int sends) {
    return scenario.awaitConversation(
        conversation,
        c ->
            c.get("status").asString().equals("waiting")
                && c.get("current_node").asString().equals(node)
                && sent(c).size() == sends);
  }

  private static JsonNode textBody(String contact, String body) {
    return Http.JSON.readTree(
        """
        {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "%s",
         "type": "text", "text": {"preview_url": false, "body": "%s"}}
        """
            .formatted(contact, body));
  }

  @Test
  void givenQuestionsAndButtons_whenTheContactAnswers_promptsAndRepromptsAreTheCloudApisBodies() {
    String start = scenario.template("question_start", List.of());
    String graph =
        """
        "nodes": [
          {"id": "node-1", "type": "template", "position": {"x": 0, "y": 0},
           "data": {"template_id": "%s"}},
          {"id": "node-2", "type": "question", "position": {"x": 300, "y": 0},
           "data": {"prompt": "Which email address should we send your receipt to, {{contact.name}}?",
                    "answer_type": "email", "variable": "email",
                    "reprompt_text": "Please write an email address, like sheena@example.com."}},
          {"id": "node-3", "type": "question", "position": {"x": 600, "y": 0},
           "data": {"prompt": "Which pot size?", "answer_type": "options",
                    "options": ["Small", "Large"], "variable": "size"}},
          {"id": "node-4", "type": "buttons", "position": {"x": 900, "y": 0},
           "data": {"body": "Anything else?", "buttons": [{"id": "no", "title": "No, thanks"}],
                    "max_reprompts": 1}},
          {"id": "node-5", "type": "action", "position": {"x": 1200, "y": 0},
           "data": {"action": "end"}},
          {"id": "node-6", "type": "action", "position": {"x": 1200, "y": 300},
           "data": {"action": "end"}}],
        "edges": [
          {"id": "edge-1", "source": "node-1", "target": "node-2", "data": {"trigger": "text_reply"}},
          {"id": "edge-2", "source": "node-2", "target": "node-3"},
          {"id": "edge-3", "source": "node-3", "target": "node-4"},
          {"id": "edge-4", "source": "node-4", "target": "node-5",
           "data": {"trigger": "button_reply", "trigger_value": "no"}},
          {"id": "edge-5", "source": "node-4", "target": "node-6", "data": {"trigger": "no_match"}}]
        """
            .formatted(start);
    Http.Response created =
        scenario
            .http()
            .post(
                "/chat-flow/flows/",
                "{\"name\": \"Questions\", \"is_active\": true, \"start_template\": \"%s\","
                        .formatted(start)
                    + " \"flow_data\": {"
                    + graph
                    + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String contact = newContact();
    Http.Response started =
        scenario
            .http()
            .post(
                "/chat-flow/flows/" + created.json().get("id").asString() + "/start/",
                "{\"contact\": \"%s\", \"name\": \"Sheena\"}".formatted(contact));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String conversation = started.json().get("id").asString();
    assertThat(templateName(scenario.awaitSendTo(contact))).isEqualTo("question_start");
    awaitWaitingAt(conversation, "node-1", 1);

    deliver(text(contact, "I'd like a receipt"));
    awaitWaitingAt(conversation, "node-2", 2);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-text-question-request.json", contact));

    deliver(text(contact, "sheena at example"));
    awaitWaitingAt(conversation, "node-2", 3);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-text-reprompt-request.json", contact));

    deliver(text(contact, " sheena@example.com "));
    String options = sent(awaitWaitingAt(conversation, "node-3", 4)).get(3);
    assertThat(body(scenario.awaitSendTo(contact)))
        .isEqualTo(expected("whatsapp-send-interactive-question-options-request.json", contact));

    deliver(
        fromContact(
            "whatsapp-webhook-interactive-button.json",
            contact,
            m -> {
              ((ObjectNode) m.get("interactive").get("button_reply"))
                  .put("id", "Large")
                  .put("title", "Large");
              m.putObject("context").put("from", "15550783881").put("id", options);
            }));
    awaitWaitingAt(conversation, "node-4", 5);
    scenario.awaitSendTo(contact); // the buttons message

    deliver(text(contact, "what do you mean?"));
    awaitWaitingAt(conversation, "node-4", 6);
    assertThat(body(scenario.awaitSendTo(contact))).isEqualTo(textBody(contact, DEFAULT_REPROMPT));

    deliver(text(contact, "hmm"));
    JsonNode done = scenario.awaitStatus(conversation, "completed");
    assertThat(scenario.remainingSendsTo(contact)).isEmpty();
    assertThat(done.get("variables").get("email").asString()).isEqualTo("sheena@example.com");
    assertThat(done.get("variables").get("size").asString()).isEqualTo("Large");
    assertThat(steps(done))
        .containsSubsequence(
            "unmatched_reply:node-2",
            "message_sent:node-2",
            "reply:node-2",
            "reply:node-3",
            "unmatched_reply:node-4",
            "message_sent:node-4",
            "reply:node-4",
            "ended:node-6");
  }
}
