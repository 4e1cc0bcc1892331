package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.Reprompt;
import io.chatflows.workflows.testing.Flows;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Questions and re-prompts as conversations run them on the Temporal test server: the prompt goes
 * out, each answer type accepts what it documents and re-asks otherwise, a valid answer is saved in
 * the node's variable, the re-prompts are counted, and a waiting node answers a reply it does not
 * understand instead of staying silent.
 */
@Timeout(30)
class ConversationQuestionTest extends ConversationTestSupport {

  /** welcome --any text--> q1 (question) --answered--> info, --invalid--> bye. */
  private static Flows.Builder question(String data) {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "q1", "text_reply", null);
    flow.node("q1", "question", data);
    return flow.template("n2", INFO)
        .template("n3", BYE)
        .then("e2", "q1", "n2")
        .edge("e3", "q1", "n3", "invalid", null);
  }

  private static Function<Conversation, String> text(String body) {
    return sut -> sut.text(body);
  }

  static Stream<Arguments> answers() {
    Function<Conversation, String> photo =
        sut -> sut.signal(InboundEvent.media(sut.nextInboundId(), "image", "my receipt"));
    Function<Conversation, String> place =
        sut -> sut.signal(InboundEvent.location(sut.nextInboundId(), "38.7223,-9.1393"));
    return Stream.of(
        Arguments.of(
            "{'answer_type': 'text'}", text("   "), text(" Ada Lovelace "), "Ada Lovelace"),
        Arguments.of("{'answer_type': 'number'}", text("twelve"), text("12,5"), "12.5"),
        Arguments.of("{'answer_type': 'number'}", text("1.2.3"), text("-7"), "-7"),
        Arguments.of(
            "{'answer_type': 'email'}", text("ada@"), text("ada@example.org"), "ada@example.org"),
        Arguments.of(
            "{'answer_type': 'phone'}", text("123"), text("+351 912-345 678"), "+351912345678"),
        Arguments.of(
            "{'answer_type': 'date'}", text("31/02/2026"), text("29/02/2024"), "2024-02-29"),
        Arguments.of("{'answer_type': 'date'}", text("tomorrow"), text("2026-11-30"), "2026-11-30"),
        Arguments.of(
            "{'answer_type': 'date'}", text("2026-13-01"), text("1.12.2026"), "2026-12-01"),
        Arguments.of(
            "{'answer_type': 'options', 'options': ['Red', 'Green', 'Blue', 'Black']}",
            text("purple"),
            text(" green "),
            "Green"),
        Arguments.of(
            "{'answer_type': 'options', 'options': ['Red', 'Green', 'Blue', 'Black']}",
            text("5"),
            text("4"),
            "Black"),
        Arguments.of(
            "{'answer_type': 'regex', 'pattern': '[A-Z]{2}-\\\\d{4}'}",
            text("ab-1234"), text("AB-1234"), "AB-1234"),
        Arguments.of("{'answer_type': 'media'}", text("here it is"), photo, "my receipt"),
        Arguments.of("{'answer_type': 'location'}", photo, place, "38.7223,-9.1393"));
  }

  @ParameterizedTest(name = "{0}: {3}")
  @MethodSource("answers")
  void givenEachAnswerType_whenAnInvalidThenAValidAnswerArrive_itReasksThenSavesTheValid(
      String data,
      Function<Conversation, String> invalid,
      Function<Conversation, String> valid,
      String saved) {
    String fields =
        data.substring(0, data.length() - 1)
            + ", 'prompt': 'Your answer, {{contact.name}}?', 'variable': 'answer'}";
    Conversation sut = start(question(fields).compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");

    invalid.apply(sut);
    sut.awaitWaitingAt("q1");
    valid.apply(sut);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.lastProgress().variables()).containsEntry("answer", saved);
    assertThat(activities.sessions).hasSize(2);
    assertThat(activities.sessions.get(0).message().text()).startsWith("Your answer, Ada?");
    assertThat(activities.sessions.get(1).message().text())
        .isEqualTo("That is not a valid answer. Please try again.");
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY)).hasSize(1);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenAQuestion_whenItAsks_thePromptIsASessionTextMessage() {
    Conversation sut =
        start(
            question(
                    "{'prompt': 'Your email?', 'answer_type': 'email', 'variable': 'email',"
                        + " 'reprompt_text': 'Please write an email address, {{contact.name}}.'}")
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");
    sut.text("no");
    sut.awaitWaitingAt("q1");
    sut.text("ada@example.org");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions)
        .extracting(c -> Flows.JSON.valueToTree(c.message()).toString())
        .containsExactly(
            Flows.json(
                    "{'type': 'text', 'content': {'preview_url': false, 'body': 'Your email?'},"
                        + " 'text': 'Your email?', 'choices': [], 'choiceIds': []}")
                .toString(),
            Flows.json(
                    "{'type': 'text', 'content': {'preview_url': false, 'body': 'Please write an"
                        + " email address, Ada.'}, 'text': 'Please write an email address, Ada.',"
                        + " 'choices': [], 'choiceIds': []}")
                .toString());
    assertThat(activities.sessions).extracting(SendSessionCommand::nodeId).containsOnly("q1");
  }

  @Test
  void givenUpToThreeShortOptions_whenAsked_theyAreReplyButtonsAndATapAnswers() {
    Conversation sut =
        start(
            question(
                    "{'prompt': 'Size?', 'answer_type': 'options', 'options': ['Small', 'Large'],"
                        + " 'variable': 'size'}")
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");

    sut.signal(InboundEvent.buttonReply(sut.nextInboundId(), "Large", "Large", "wamid.2"));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(
            (com.fasterxml.jackson.databind.JsonNode)
                Flows.JSON.valueToTree(activities.sessions.get(0).message().content()))
        .isEqualTo(
            Flows.json(
                "{'type': 'button', 'body': {'text': 'Size?'}, 'action': {'buttons': [{'type':"
                    + " 'reply', 'reply': {'id': 'Small', 'title': 'Small'}}, {'type': 'reply',"
                    + " 'reply': {'id': 'Large', 'title': 'Large'}}]}}"));
    assertThat(activities.lastProgress().variables()).containsEntry("size", "Large");
  }

  @Test
  void givenMoreThanThreeOptions_whenAsked_theyAreListedInTheText() {
    Conversation sut =
        start(
            question(
                    "{'prompt': 'Colour?', 'answer_type': 'options', 'options': ['Red', 'Green',"
                        + " 'Blue', 'Black'], 'variable': 'colour'}")
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");
    sut.text("2");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions.get(0).message().text())
        .isEqualTo("Colour?\n\n1. Red\n2. Green\n3. Blue\n4. Black");
    assertThat(activities.lastProgress().variables()).containsEntry("colour", "Green");
  }

  @Test
  void givenMaxRepromptsTwo_whenThreeInvalidAnswersArrive_itReasksTwiceThenTakesInvalid() {
    Conversation sut =
        start(
            question(
                    "{'prompt': 'Age?', 'answer_type': 'number', 'variable': 'age',"
                        + " 'max_reprompts': 2}")
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");

    sut.text("old");
    sut.awaitWaitingAt("q1");
    sut.text("older");
    sut.awaitWaitingAt("q1");
    sut.text("oldest");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).hasSize(3);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.lastProgress().variables()).doesNotContainKey("age");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::nodeId, Step::trigger, Step::detail)
        .containsExactly(tuple("n1", "text_reply", "hi"), tuple("q1", "invalid", "oldest"));
  }

  @Test
  void givenMaxRepromptsZero_whenAnInvalidAnswerArrives_itTakesInvalidAtOnce() {
    Conversation sut =
        start(
            question(
                    "{'prompt': 'Age?', 'answer_type': 'number', 'variable': 'age',"
                        + " 'max_reprompts': 0}")
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("q1");
    sut.text("old");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).hasSize(1);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }

  @Test
  void givenAQuestionWithATimeoutEdge_whenNoAnswerArrives_itTakesTheTimeout() {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "q1", "text_reply", null);
    flow.node("q1", "question", "{'prompt': 'Name?', 'variable': 'name', 'timeout_seconds': 600}");
    flow.template("n2", INFO)
        .template("n3", BYE)
        .then("e2", "q1", "n2")
        .edge("e3", "q1", "n3", "timeout", null);
    Conversation sut = start(flow.compile());
    sut.text("hi");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.EDGE_TAKEN))
        .extracting(Step::trigger)
        .containsExactly("text_reply", "timeout");
  }

  @Test
  void givenTheContactNeverWrote_whenAQuestionIsReached_nothingIsSentAndWindowClosedIsTaken() {
    Flows.Builder flow =
        flow().template("n1", INFO).startTemplate(INFO.id()).then("e1", "n1", "q1");
    flow.node("q1", "question", "{'prompt': 'Name?', 'variable': 'name'}");
    flow.template("n2", BYE).edge("e2", "q1", "n2", "window_closed", null);
    Conversation sut = start(flow.compile());

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions).isEmpty();
    assertThat(activities.sentTemplateNames()).containsExactly("info", "bye");
    assertThat(activities.steps(StepKind.WINDOW_CLOSED))
        .extracting(Step::nodeId)
        .containsExactly("q1");
  }

  /** welcome --any text--> b1 (buttons) --yes--> info, --no_match--> bye. */
  private static Flows.Builder buttons(String extra, boolean noMatchEdge) {
    Flows.Builder flow = flow().template("n1", WELCOME).edge("e1", "n1", "b1", "text_reply", null);
    flow.node(
        "b1",
        "buttons",
        "{'body': 'Was it helpful?', 'buttons': [{'id': 'yes', 'title': 'Yes'}, {'id': 'no',"
            + " 'title': 'No'}]"
            + extra
            + "}");
    flow.template("n2", INFO).template("n3", BYE).edge("e2", "b1", "n2", "button_reply", "yes");
    return noMatchEdge ? flow.edge("e3", "b1", "n3", "no_match", null) : flow;
  }

  @Test
  void givenButtonsWithARepromptAndANoMatchEdge_whenRepliesMatchNothing_itRepromptsThenFallsBack() {
    Conversation sut =
        start(
            buttons(", 'reprompt_text': 'Please tap Yes or No.', 'max_reprompts': 1", true)
                .compile());
    sut.text("hi");
    sut.awaitWaitingAt("b1");

    sut.text("maybe");
    sut.awaitWaitingAt("b1");
    sut.text("perhaps");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions)
        .extracting(c -> c.message().type(), c -> c.message().text())
        .containsExactly(
            tuple("interactive", "Was it helpful?"), tuple("text", "Please tap Yes or No."));
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::nodeId, Step::trigger, Step::detail)
        .containsExactly(tuple("n1", "text_reply", "hi"), tuple("b1", "no_match", "perhaps"));
  }

  @Test
  void givenAWaitingNodeThatSaysNothing_whenRepliesMatchNothing_theDefaultRepromptGoesOutTwice() {
    Conversation sut = start(buttons("", false).compile());
    sut.text("hi");
    sut.awaitWaitingAt("b1");

    for (String reply : List.of("maybe", "perhaps", "dunno")) {
      sut.text(reply);
      sut.awaitWaitingAt("b1");
    }
    sut.signal(InboundEvent.buttonReply(sut.nextInboundId(), "yes", "Yes", null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions)
        .extracting(c -> c.message().text())
        .containsExactly("Was it helpful?", Reprompt.DEFAULT_TEXT, Reprompt.DEFAULT_TEXT);
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY))
        .extracting(Step::detail)
        .containsExactly("maybe", "perhaps", "dunno");
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenATemplateWithButtons_whenATextMatchesNothing_theRepromptKeepsItsButtonsClickable() {
    Flows.Builder flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "no_match", null);
    Conversation sut = start(flow.compile());
    sut.awaitWaitingAt("n1");

    sut.text("where is it?");
    sut.awaitWaitingAt("n1");
    sut.click("Track Order", sut.payload(1, 0), null);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sessions)
        .extracting(c -> c.message().text())
        .containsExactly(Reprompt.DEFAULT_TEXT);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenRepromptsAcrossContinueAsNew_whenRepliesMatchNothing_theCountAndTheButtonsCarryOver() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'max_reprompts': 3}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "no_match", null)
            .compile();
    Conversation sut =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(100, 30), null));
    String firstRun = sut.stub.getExecution().getRunId();
    sut.awaitWaitingAt("n1");

    for (String reply : List.of("one", "two", "three")) {
      sut.text(reply);
      sut.awaitSettled();
    }
    assertThat(sut.latestRunId()).as("continued as new while waiting").isNotEqualTo(firstRun);
    sut.click("Track Order", sut.payload(1, 0), null);

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(sut.latestRunId()).isNotEqualTo(firstRun);
    assertThat(activities.sessions).hasSize(3);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenRepromptsUsedUpBeforeContinueAsNew_whenTheNextReplyMatchesNothing_itTakesNoMatch() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'max_reprompts': 2}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "no_match", null)
            .compile();
    Conversation sut =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(100, 20), null));
    String firstRun = sut.stub.getExecution().getRunId();
    sut.awaitWaitingAt("n1");

    for (String reply : List.of("one", "two")) {
      sut.text(reply);
      sut.awaitSettled();
    }
    assertThat(sut.latestRunId()).as("continued as new while waiting").isNotEqualTo(firstRun);
    sut.text("three");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(sut.latestRunId()).isNotEqualTo(firstRun);
    assertThat(activities.sessions).hasSize(2);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "bye");
  }
}
