package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.testing.Flows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Session messages as conversations run them on the Temporal test server: sent only inside the
 * contact's 24-hour window (from the start input or the contact's own messages), replies matched to
 * one edge per button, row, location or media, and nothing sent once the window is closed.
 */
@Timeout(30)
class ConversationSessionTest extends ConversationTestSupport {

  private static final String BUTTONS =
      "{'header': 'Hi {{contact.name}}', 'body': 'Was it helpful?', 'footer': 'Chat Flows',"
          + " 'buttons': [{'id': 'yes', 'title': 'Yes'}, {'id': 'no', 'title': 'No'}]}";

  /** welcome --any text--> b1 (buttons) --yes--> info, --no--> bye. */
  private static Flows.Builder buttonsAfterReply() {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "b1", "text_reply", null);
    flow.node("b1", "buttons", BUTTONS);
    return flow.template("n2", INFO)
        .template("n3", BYE)
        .edge("e2", "b1", "n2", "button_reply", "yes")
        .edge("e3", "b1", "n3", "button_reply", "no");
  }

  private static JsonNode tree(Object value) {
    return Flows.JSON.valueToTree(value);
  }

  private ConversationInput inputWithLastInbound(FlowDefinition flow, long lastInboundAt) {
    return startingWith(
        input(flow, Map.of(), Map.of(), List.of(), null, null), lastInboundAt, null);
  }

  @Test
  void givenTheContactWrote_whenAButtonsNodeRuns_itSendsTheButtonsAndFollowsTheTappedId() {
    Conversation sut = start(buttonsAfterReply().compile());
    sut.awaitWaitingAt("n1");

    sut.text("hello");
    sut.awaitWaitingAt("b1");
    SendSessionCommand sent = activities.sessions.get(0);
    sut.signal(InboundEvent.buttonReply(sut.nextInboundId(), "no", "No", "wamid.2"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(sent.message().type()).isEqualTo("interactive");
    assertThat(tree(sent.message().content()))
        .isEqualTo(
            Flows.json(
                "{'type': 'button', 'header': {'type': 'text', 'text': 'Hi Ada'}, 'body':"
                    + " {'text': 'Was it helpful?'}, 'footer': {'text': 'Chat Flows'}, 'action':"
                    + " {'buttons': [{'type': 'reply', 'reply': {'id': 'yes', 'title': 'Yes'}},"
                    + " {'type': 'reply', 'reply': {'id': 'no', 'title': 'No'}}]}}"));
    assertThat(sent.message().choiceIds()).containsExactly("yes", "no");
    assertThat(sent.nodeId()).isEqualTo("b1");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::nodeId, Step::trigger, Step::detail)
        .containsExactly(tuple("n1", "text_reply", "hello"), tuple("b1", "button_reply", "No"));
  }

  @Test
  void givenAListNode_whenTheContactChoosesARow_itFollowsThatRowsEdge() {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "l1", "text_reply", null);
    flow.node(
        "l1",
        "list",
        "{'body': 'Shipping?', 'button': 'Options', 'sections': [{'title': 'Fast', 'rows':"
            + " [{'id': 'express', 'title': 'Express', 'description': 'Next day'}]}, {'title':"
            + " 'Cheap', 'rows': [{'id': 'standard', 'title': 'Standard'}]}]}");
    flow.template("n2", INFO)
        .template("n3", BYE)
        .edge("e2", "l1", "n2", "list_reply", "express")
        .edge("e3", "l1", "n3", "list_reply", "standard");
    Conversation sut = start(flow.compile());
    sut.text("hi");
    sut.awaitWaitingAt("l1");

    sut.signal(InboundEvent.listReply(sut.nextInboundId(), "standard", "Standard", "wamid.2"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(tree(activities.sessions.get(0).message().content()))
        .isEqualTo(
            Flows.json(
                "{'type': 'list', 'body': {'text': 'Shipping?'}, 'action': {'button': 'Options',"
                    + " 'sections': [{'title': 'Fast', 'rows': [{'id': 'express', 'title':"
                    + " 'Express', 'description': 'Next day'}]}, {'title': 'Cheap', 'rows':"
                    + " [{'id': 'standard', 'title': 'Standard'}]}]}}"));
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }

  @Test
  void givenAReplyToAnOlderMessage_whenWaitingAtButtons_itIsStaleAndTheWaitGoesOn() {
    Conversation sut = start(buttonsAfterReply().compile());
    sut.text("hi");
    sut.awaitWaitingAt("b1");

    sut.signal(InboundEvent.buttonReply(sut.nextInboundId(), "yes", "Yes", "wamid.1"));
    sut.awaitWaitingAt("b1");
    sut.signal(InboundEvent.buttonReply(sut.nextInboundId(), "yes", "Yes", "wamid.2"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.STALE_CLICK))
        .extracting(Step::nodeId)
        .containsExactly("b1");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenLocationAndMediaRequests_whenTheContactSharesThem_theirEdgesAreTaken() {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "r1", "text_reply", null);
    flow.node("r1", "location_request", "{'body': 'Where are you?'}");
    flow.node("m1", "media", "{'media_type': 'image', 'media_id': '4490709327'}");
    flow.template("n2", INFO)
        .template("n3", BYE)
        .edge("e2", "r1", "m1", "location_received", null)
        .edge("e3", "m1", "n3", "media_received", "video")
        .edge("e4", "m1", "n2", "media_received", "image");
    Conversation sut = start(flow.compile());
    sut.text("hi");
    sut.awaitWaitingAt("r1");

    sut.signal(InboundEvent.location(sut.nextInboundId(), "38.7223,-9.1393"));
    sut.awaitWaitingAt("m1");
    sut.signal(InboundEvent.media(sut.nextInboundId(), "image", "my receipt"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions)
        .extracting(c -> tree(c.message()).toString())
        .containsExactly(
            Flows.json(
                    "{'type': 'interactive', 'content': {'type': 'location_request_message',"
                        + " 'body': {'text': 'Where are you?'}, 'action': {'name':"
                        + " 'send_location'}}, 'text': 'Where are you?', 'choices': [],"
                        + " 'choiceIds': []}")
                .toString(),
            Flows.json(
                    "{'type': 'image', 'content': {'id': '4490709327'}, 'text': '4490709327',"
                        + " 'choices': [], 'choiceIds': []}")
                .toString());
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::trigger, Step::detail)
        .containsExactly(
            tuple("text_reply", "hi"),
            tuple("location_received", "38.7223,-9.1393"),
            tuple("media_received", "my receipt"));
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenTheContactNeverWrote_whenASessionNodeHasAWindowClosedEdge_itSendsNothingAndTakesIt() {
    Flows.Builder flow =
        flow().template("n1", INFO).startTemplate(INFO.id()).then("e1", "n1", "b1");
    flow.node("b1", "buttons", BUTTONS);
    flow.template("n2", BYE).edge("e2", "b1", "n2", "window_closed", null);
    Conversation sut = start(flow.compile());

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).isEmpty();
    assertThat(activities.sentTemplateNames()).containsExactly("info", "bye");
    assertThat(activities.steps(StepKind.WINDOW_CLOSED))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("b1", "0"));
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("default", "window_closed");
  }

  @Test
  void
      givenTheWindowClosed_whenASessionNodeHasNoWindowClosedEdge_theConversationEndsSoWithoutSending() {
    Flows.Builder flow =
        flow().template("n1", INFO).startTemplate(INFO.id()).then("e1", "n1", "b1");
    flow.node(
        "b1", "cta_url", "{'body': 'Track', 'display_text': 'Open', 'url': 'https://a.example'}");
    Conversation sut = start(flow.compile());

    assertThat(sut.result()).isEqualTo(ConversationStatus.WINDOW_CLOSED);
    assertThat(activities.sessions).isEmpty();
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.WINDOW_CLOSED);
    assertThat(activities.steps(StepKind.ENDED))
        .extracting(Step::nodeId, Step::detail)
        .containsExactly(tuple("b1", "window_closed"));
  }

  @Test
  void givenTheStartInputsLastInbound_whenWithin24Hours_theSessionMessageIsSent() {
    Flows.Builder flow =
        flow().template("n1", INFO).startTemplate(INFO.id()).then("e1", "n1", "b1");
    flow.node(
        "b1",
        "cta_url",
        "{'body': 'Track {{contact.name}}', 'display_text': 'Open', 'url':"
            + " 'https://shop.example/t?c={{contact.wa_id}}'}");
    long now = testEnv.currentTimeMillis();

    Conversation sut = start(inputWithLastInbound(flow.compile(), now - 23 * 3_600_000L));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(tree(activities.sessions.get(0).message().content()))
        .isEqualTo(
            Flows.json(
                "{'type': 'cta_url', 'body': {'text': 'Track Ada'}, 'action': {'name': 'cta_url',"
                    + " 'parameters': {'display_text': 'Open', 'url':"
                    + " 'https://shop.example/t?c=15550001111'}}}"));
  }

  @Test
  void givenTheContactsLastMessageOver24HoursAgo_whenASessionNodeRuns_nothingIsSent() {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "d1", "text_reply", null);
    flow.action("d1", "{'action': 'delay', 'seconds': 90000}").then("e2", "d1", "b1");
    flow.node("b1", "buttons", BUTTONS);
    flow.template("n2", BYE).edge("e3", "b1", "n2", "window_closed", null);
    Conversation sut = start(flow.compile());
    sut.awaitWaitingAt("n1");

    sut.signal(
        InboundEvent.text(sut.nextInboundId(), "hi").sentAt(testEnv.currentTimeMillis() - 1_000));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).isEmpty();
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }

  @Test
  void givenSendTextWithAWindowClosedEdge_whenTheWindowIsClosed_itIsNotSentAndTheEdgeIsTaken() {
    FlowDefinition flow =
        flow()
            .template("n1", INFO)
            .startTemplate(INFO.id())
            .action("a1", "{'action': 'send_text', 'text': 'Hi'}")
            .template("n2", BYE)
            .then("e1", "n1", "a1")
            .edge("e2", "a1", "n2", "window_closed", null)
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts).isEmpty();
    assertThat(activities.sentTemplateNames()).containsExactly("info", "bye");
  }

  @Test
  void givenSendTextWithoutAWindowClosedEdge_whenTheWindowIsClosed_theSendIsTriedAsBefore() {
    FlowDefinition flow =
        flow()
            .template("n1", INFO)
            .startTemplate(INFO.id())
            .action("a1", "{'action': 'send_text', 'text': 'Hi'}")
            .then("e1", "n1", "a1")
            .compile();

    Conversation sut = start(flow);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.texts).extracting(c -> c.text()).containsExactly("Hi");
  }

  @Test
  void givenAPermanentSendError_whenASessionNodeSends_itTakesDeliveryFailed() {
    activities.refuseSessions();
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "b1", "text_reply", null);
    flow.node("b1", "buttons", BUTTONS);
    flow.template("n2", BYE).edge("e2", "b1", "n2", "delivery_failed", null);
    Conversation sut = start(flow.compile());

    sut.text("hi");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.SEND_FAILED))
        .extracting(Step::nodeId)
        .containsExactly("b1");
  }

  @Test
  void givenASandboxClickWithTheTitle_whenWaitingAtButtons_itFollowsThatButtonsEdge() {
    Conversation sut = start(buttonsAfterReply().compile());
    sut.text("hi");
    sut.awaitWaitingAt("b1");

    sut.click(" no ");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }

  @Test
  void givenTheWindowFromTheStartInput_whenTheConversationContinuesAsNew_theNextRunStillKnowsIt() {
    Flows.Builder flow = flow().template("n1", INFO).startTemplate(INFO.id());
    for (int i = 1; i <= 6; i++) {
      flow.action("a" + i, "{'action': 'delay', 'seconds': 1}");
      flow.then("e" + i, i == 1 ? "n1" : "a" + (i - 1), "a" + i);
    }
    flow.node("b1", "location_request", "{'body': 'Where are you?'}");
    flow.then("e9", "a6", "b1").template("n2", BYE).edge("e10", "b1", "n2", "window_closed", null);
    ConversationInput input = inputWithLastInbound(flow.compile(), testEnv.currentTimeMillis());
    ConversationInput small =
        new ConversationInput(
            input.conversationId(),
            input.workspaceId(),
            input.channelId(),
            input.contact(),
            input.flow(),
            input.variables(),
            input.attributes(),
            input.tags(),
            new io.chatflows.workflows.conversation.RunLimits(100, 8),
            null,
            null,
            input.lastInboundAt());
    Conversation sut = start(small);
    String firstRun = sut.stub.getExecution().getRunId();

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(sut.latestRunId()).isNotEqualTo(firstRun);
    assertThat(activities.sessions).extracting(c -> c.nodeId()).containsExactly("b1");
    assertThat(activities.sentTemplateNames()).containsExactly("info");
  }

  @Test
  void givenATemplateWithADefaultEdge_whenTheContactSendsMediaOrALocation_theyStayUnmatched() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .then("e2", "n1", "n3")
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");

    sut.signal(InboundEvent.media(sut.nextInboundId(), "image", null));
    sut.signal(InboundEvent.location(sut.nextInboundId(), "1.5,2.5"));
    sut.awaitWaitingAt("n1");
    sut.text("anything");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY))
        .extracting(Step::detail)
        .containsExactly("image", "1.5,2.5");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }
}
