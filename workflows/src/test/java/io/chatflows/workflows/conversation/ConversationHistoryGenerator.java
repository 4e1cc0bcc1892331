package io.chatflows.workflows.conversation;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.graph.FlowDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the histories {@link ConversationReplayTest} replays. Not a test (surefire does not pick
 * it up by name); run it when the stored histories must be renewed, from the repository root:
 *
 * <pre>
 * ./mvnw -o test -pl workflows -Dtest=ConversationHistoryGenerator -Dhistories.generate=true
 * </pre>
 *
 * Histories of earlier code stay: a replay failure of one means conversations started by that code
 * would break. New files carry the current {@link #GENERATION} in their name (the histories without
 * a suffix were written before {@code one-task-step}); renew a generation only for a change that is
 * meant to be incompatible.
 */
@Timeout(30)
@EnabledIfSystemProperty(named = "histories.generate", matches = "true")
class ConversationHistoryGenerator extends ConversationTestSupport {

  private static final Path DIR = Path.of("src/test/resources/histories");

  /** Names the code that wrote the histories: the workflow's newest {@code getVersion} change. */
  static final String GENERATION = "one-task-step";

  @Test
  void generateClickPathToCompletion() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'parameters': {'body': ['{{contact.name}}']}}")
            .template("n2", ORDER, "{'parameters': {'body': ['{{variables.order_id}}']}}")
            .template("n3", INFO)
            .template("n4", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes")
            .then("e3", "n2", "n4")
            .compile();
    Conversation conversation =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));
    conversation.click("Track Order", conversation.payload(1, 0), "wamid.1");
    conversation.awaitWaitingAt("n2");
    conversation.text("hmm");
    conversation.click("Yes", conversation.payload(2, 0), "wamid.2");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("click-to-completion", conversation);
  }

  @Test
  void generateTimeoutPath() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': 3600}")
            .template("n2", INFO)
            .template("n3", BYE)
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "n3", "timeout", null)
            .compile();
    Conversation conversation = start(flow);
    conversation.awaitWaitingAt("n1");
    conversation.text("what is this?");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("timeout", conversation);
  }

  @Test
  void generateConditionAndActionsPath() throws IOException {
    activities.answerWebhook(200, "{\"ticket\": {\"id\": \"T-7\"}}");
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .condition("c1", "{'subject': 'reply'}")
            .action("a1", "{'action': 'tag', 'tags': ['needs-agent']}")
            .action("a2", "{'action': 'set_variable', 'name': 'topic', 'value': '{{reply.text}}'}")
            .action(
                "a3",
                "{'action': 'webhook', 'url': 'https://desk.example/tickets',"
                    + " 'body': {'topic': '{{variables.topic}}'},"
                    + " 'response_mapping': {'ticket_id': 'ticket.id'}}")
            .action("a4", "{'action': 'delay', 'seconds': 60}")
            .action("a5", "{'action': 'send_text', 'text': 'Ticket {{variables.ticket_id}}'}")
            .action("a6", "{'action': 'assign', 'team': 'support', 'handoff': true}")
            .template("n2", INFO)
            .edge("e1", "n1", "c1", "text_reply", null)
            .when("e2", "c1", "a1", "contains", "agent")
            .then("e3", "c1", "n2")
            .then("e4", "a1", "a2")
            .then("e5", "a2", "a3")
            .then("e6", "a3", "a4")
            .then("e7", "a4", "a5")
            .then("e8", "a5", "a6")
            .compile();
    Conversation conversation = start(flow);
    conversation.text("I want an agent");

    assertThat(conversation.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    save("condition-and-actions", conversation);
  }

  /**
   * Waits longer than the documented ranges allow (a 60-day reply timeout, a 40-day delay) and a
   * variable name MongoDB cannot store, then a condition on that variable: written by the code
   * before values were clamped, so conversations that passed such values before keep replaying as
   * they ran (the condition holds only if the variable was set as the earlier code did).
   */
  @Test
  void generateLongWaitsPath() throws IOException {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'timeout_seconds': 5184000}")
            .action("a1", "{'action': 'set_variable', 'name': 'order.id', 'value': 'A-1'}")
            .action("a2", "{'action': 'delay', 'seconds': 3456000}")
            .condition("c1", "{'subject': 'variable', 'key': 'order.id'}")
            .template("n2", INFO)
            .action("a3", "{'action': 'end'}")
            .button("e1", "n1", "n2", "Track Order")
            .edge("e2", "n1", "a1", "timeout", null)
            .then("e3", "a1", "a2")
            .then("e4", "a2", "c1")
            .when("e5", "c1", "n2", "equals", "A-1")
            .then("e6", "c1", "a3")
            .compile();
    Conversation conversation = start(flow);

    assertThat(conversation.result()).isEqualTo(ConversationStatus.COMPLETED);
    save("long-waits", conversation);
  }

  private void save(String name, Conversation conversation) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(
        DIR.resolve(name + "." + GENERATION + ".json"), conversation.history().toJson(true));
  }
}
