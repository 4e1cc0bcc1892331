package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.testing.Flows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Condition and action nodes (spec §3), each as a conversation runs them. */
@Timeout(30)
class ConversationNodesTest extends ConversationTestSupport {

  private static final Map<String, String> VARIABLES = Map.of("score", "42", "tier", "Silver");
  private static final Map<String, String> ATTRIBUTES = Map.of("language", "PT");
  private static final List<String> TAGS = List.of("vip", "new");

  /**
   * welcome waits for any text, then condition c1 on {@code subject} sends info when the edge's
   * rule holds and bye otherwise (its default edge).
   */
  private static FlowDefinition conditionFlow(String subject, String operator, String value) {
    String data =
        subject.contains(":")
            ? "{'subject': '%s', 'key': '%s'}"
                .formatted(subject.split(":")[0], subject.split(":")[1])
            : "{'subject': '" + subject + "'}";
    return flow()
        .template("n1", WELCOME)
        .condition("c1", data)
        .template("yes", INFO)
        .template("no", BYE)
        .edge("e1", "n1", "c1", "text_reply", null)
        .when("e2", "c1", "yes", operator, value)
        .then("e3", "c1", "no")
        .compile();
  }

  @ParameterizedTest(name = "{0} {1} ''{2}'' on ''{3}'' -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "reply            | equals       | yes          | ' YES '            | info",
        "reply            | equals       | yes          | no                 | bye",
        "reply            | not_equals   | yes          | no                 | info",
        "reply            | contains     | order        | Where is my ORDER? | info",
        "reply            | starts_with  | track        | Tracking please    | info",
        "reply            | starts_with  | track        | please track       | bye",
        "reply            | matches      | ^[0-9]{5}$   | 12345              | info",
        "reply            | matches      | ^[0-9]{5}$   | 1234a              | bye",
        "variable:score   | greater_than | 40           | x                  | info",
        "variable:score   | greater_than | 42           | x                  | bye",
        "variable:score   | less_than    | 100          | x                  | info",
        "variable:tier    | in           | gold, silver | x                  | info",
        "variable:tier    | in           | gold, bronze | x                  | bye",
        "variable:score   | is_set       |              | x                  | info",
        "variable:missing | is_set       |              | x                  | bye",
        "attribute:language | equals     | pt           | x                  | info",
        "tags             | equals       | VIP          | x                  | info",
        "tags             | not_equals   | vip          | x                  | bye",
        "tags             | contains     | ne           | x                  | info",
      })
  void givenAConditionEdge_whenItsRuleIsEvaluated_itBranchesOnTheSubject(
      String subject, String operator, String value, String reply, String expected) {
    Conversation sut =
        start(
            input(
                conditionFlow(subject, operator, value), VARIABLES, ATTRIBUTES, TAGS, null, null));

    sut.text(reply);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", expected);
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("text_reply", expected.equals("info") ? "condition" : "default");
  }

  @Test
  void givenSeveralConditionEdgesThatHold_whenEvaluated_itTakesTheFirstInBuilderOrder() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .condition("c1", "{'subject': 'reply'}")
            .template("n2", INFO)
            .template("n3", BYE)
            .template("n4", ORDER)
            .edge("e1", "n1", "c1", "text_reply", null)
            .then("e2", "c1", "n4")
            .when("e3", "c1", "n2", "contains", "a")
            .when("e4", "c1", "n3", "contains", "ab")
            .compile();
    Conversation sut = start(flow);

    sut.text("abc");

    // e2, the default edge, comes first in builder order but is only the else-branch.
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::edgeId)
        .containsExactly("e1", "e3");
  }

  @Test
  void givenAnAssignAction_whenItDoesNotHandOff_itAssignsAndCarriesOn() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'assign', 'team': 'support', 'agent': 'agent-7'}")
            .template("n2", INFO)
            .then("e1", "n1", "a1")
            .then("e2", "a1", "n2")
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.contactUpdates)
        .extracting(ContactUpdate::assignTeam, ContactUpdate::assignAgent)
        .containsExactly(tuple("support", "agent-7"));
    assertThat(activities.contactUpdates.get(0).contact().waId()).isEqualTo(ADA.waId());
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    assertThat(activities.steps(StepKind.ACTION))
        .extracting(Step::detail)
        .containsExactly("assign agent-7");
  }

  @Test
  void givenAnAssignActionWithHandoff_whenRun_itEndsHandedOff() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'assign', 'team': 'support', 'handoff': true}")
            .template("n2", INFO)
            .then("e1", "n1", "a1")
            .then("e2", "a1", "n2")
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome");
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::detail)
        .containsExactly("handed_off");
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.HANDED_OFF);
  }

  @Test
  void givenTagAndUntagActions_whenRun_itChangesTheTagsAndTheStoredContact() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'tag', 'tags': ['lead', 'de']}")
            .action("a2", "{'action': 'untag', 'tag': 'new'}")
            .condition("c1", "{'subject': 'tags'}")
            .template("n2", ORDER)
            .template("n3", INFO)
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "c1")
            .when("e4", "c1", "n3", "equals", "new")
            .then("e5", "c1", "n2")
            .button("e6", "n2", "n3", "Yes")
            .compile();
    Conversation sut = start(input(flow, Map.of(), Map.of(), TAGS, null, null));

    ConversationView view = sut.awaitWaitingAt("n2");

    assertThat(view.tags()).containsExactly("vip", "lead", "de");
    assertThat(activities.contactUpdates)
        .extracting(ContactUpdate::addTags, ContactUpdate::removeTags)
        .containsExactly(tuple(List.of("lead", "de"), List.of()), tuple(List.of(), List.of("new")));
    sut.click("Yes");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
  }

  @Test
  void givenSetVariableAndSetAttributeActions_whenRun_itStoresRenderedValues() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action(
                "a1",
                "{'action': 'set_variable', 'name': 'greeting',"
                    + " 'value': 'Hi {{contact.name}}, order {{variables.order_id}}'}")
            .action("a2", "{'action': 'set_attribute', 'name': 'city', 'value': 'Porto'}")
            .condition("c1", "{'subject': 'attribute', 'key': 'city'}")
            .template(
                "n2",
                ORDER,
                "{'parameters': {'body': ['{{variables.greeting}}', '{{attributes.city}}',"
                    + " '{{contact.attributes.city}}']}}")
            .template("n3", BYE)
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "c1")
            .when("e4", "c1", "n2", "equals", "porto")
            .then("e5", "c1", "n3")
            .button("e6", "n2", "n3", "Yes")
            .compile();
    Conversation sut =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));

    ConversationView view = sut.awaitWaitingAt("n2");

    assertThat(view.variables())
        .containsEntry("greeting", "Hi Ada, order A-42")
        .doesNotContainKey("city");
    assertThat(activities.contactUpdates)
        .singleElement()
        .extracting(ContactUpdate::setAttributes)
        .isEqualTo(Map.of("city", "Porto"));
    assertThat(activities.templates.get(1).bodyParameters())
        .containsExactly("Hi Ada, order A-42", "Porto", "Porto");
    assertThat(activities.steps(StepKind.ACTION))
        .extracting(Step::detail)
        .containsExactly("set_variable greeting", "set_attribute city");
  }

  @Test
  void givenAWebhookAction_whenItAnswers_itMapsTheResponseIntoVariables() {
    activities.answerWebhook(
        200, "{\"order\": {\"status\": \"shipped\", \"items\": [{\"name\": \"Book\"}]}}");
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action(
                "a1",
                "{'action': 'webhook', 'method': 'GET',"
                    + " 'url': 'https://shop.example/orders/{{variables.order_id}}',"
                    + " 'headers': {'X-Contact': '{{contact.wa_id}}'},"
                    + " 'response_mapping': {'order_status': 'order.status',"
                    + " 'first_item': 'order.items.0.name', 'absent': 'order.nope'}}")
            .template(
                "n2",
                INFO,
                "{'parameters': {'body': ['{{variables.order_status}}',"
                    + " '{{variables.first_item}}', '{{variables.webhook_status}}']}}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "n2")
            .compile();

    Conversation sut =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.webhookCalls)
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.method()).isEqualTo("GET");
              assertThat(call.url()).isEqualTo("https://shop.example/orders/A-42");
              assertThat(call.headers()).isEqualTo(Map.of("X-Contact", ADA.waId()));
              assertThat(call.workspaceId()).isEqualTo("ws-1");
            });
    assertThat(activities.templates.get(1).bodyParameters())
        .containsExactly("shipped", "Book", "200");
    assertThat(activities.lastProgress().variables())
        .containsEntry("order_status", "shipped")
        .doesNotContainKey("absent");
  }

  @Test
  void givenAWebhookBodyWithPlaceholders_whenTheReplyHasQuotes_itSendsValidJsonWithTheText()
      throws Exception {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action(
                "a1",
                "{'action': 'webhook', 'url': 'https://desk.example/tickets',"
                    + " 'body': {'topic': '{{reply.text}}', 'contact': {'name': '{{contact.name}}'},"
                    + " 'tags': ['from-{{contact.name}}'], 'priority': 2}}")
            .edge("e1", "n1", "a1", "text_reply", null)
            .compile();
    Conversation sut = start(flow);
    String reply = "I said \"help\", \\ \"admin\": true";

    sut.text(reply);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.webhookCalls.get(0).method()).isEqualTo("POST");
    JsonNode body = Flows.JSON.readTree(activities.webhookCalls.get(0).body());
    assertThat(body.get("topic").asText()).isEqualTo(reply);
    assertThat(body.has("admin")).isFalse();
    assertThat(body.at("/contact/name").asText()).isEqualTo("Ada");
    assertThat(body.at("/tags/0").asText()).isEqualTo("from-Ada");
    assertThat(body.get("priority").isInt()).isTrue();
  }

  @Test
  void givenADelayAction_whenRun_itWaitsOnADurableTimerThenCarriesOn() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'delay', 'seconds': 7200}")
            .action("a2", "{'action': 'send_text', 'text': 'Still there, {{contact.name}}?'}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .compile();
    Conversation sut = start(flow);

    sut.awaitSettled();
    ConversationView delaying = sut.view();
    HistoryEvent timer = sut.history().getLastEvent();

    assertThat(delaying.status()).isEqualTo(ConversationStatus.RUNNING);
    assertThat(delaying.currentNodeId()).isEqualTo("a1");
    assertThat(timer.getEventType()).isEqualTo(EventType.EVENT_TYPE_TIMER_STARTED);
    assertThat(timer.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
        .isEqualTo(7200);
    assertThat(activities.texts).isEmpty();
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts)
        .extracting(SendTextCommand::text)
        .containsExactly("Still there, Ada?");
    Step delay = activities.steps(StepKind.ACTION).get(0);
    Step text = activities.steps(StepKind.MESSAGE_SENT).get(1);
    assertThat(delay.detail()).isEqualTo("delay 7200s");
    assertThat(Duration.ofMillis(text.at() - delay.at()))
        .isBetween(Duration.ofHours(2), Duration.ofHours(2).plusMinutes(1));
  }

  @Test
  void givenASendTextAction_whenRun_itSendsTheRenderedTextAsTheNextSend() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'send_text', 'text': 'You said: {{reply.text}}'}")
            .edge("e1", "n1", "a1", "text_reply", null)
            .compile();
    Conversation sut = start(flow);

    sut.text("hello");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.text()).isEqualTo("You said: hello");
              assertThat(t.sendSeq()).isEqualTo(2);
              assertThat(t.nodeId()).isEqualTo("a1");
              assertThat(t.contact().waId()).isEqualTo(ADA.waId());
            });
    assertThat(activities.steps(StepKind.MESSAGE_SENT))
        .extracting(Step::detail)
        .containsExactly("wamid.1", "wamid.2");
  }

  @Test
  void givenAnEndAction_whenReached_itCompletesWithoutFollowingItsEdges() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'end'}")
            .template("n2", INFO)
            .then("e1", "n1", "a1")
            .then("e2", "a1", "n2")
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome");
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("a1", "end"));
    assertThat(activities.statuses()).containsExactly(ConversationStatus.COMPLETED);
  }
}
