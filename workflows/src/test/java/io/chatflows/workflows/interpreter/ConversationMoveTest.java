package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.MoveRequest;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.testing.Flows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code moveTo} signal: a waiting conversation migrated to another version keeps waiting at
 * the mapped node with its variables and the remaining time of its wait, and the contact's click
 * then follows the new version's edge; one in the middle of a step moves at its next wait; a
 * request id is applied once.
 */
@Timeout(30)
class ConversationMoveTest extends ConversationTestSupport {

  /** Version 3: n1 --Track Order--> n2 --Yes--> n3 (info); n2 times out after 600 s to n4 (bye). */
  static FlowDefinition versionThree() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", ORDER, "{'timeout_seconds': 600}")
        .template("n3", INFO)
        .template("n4", BYE)
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n2", "n3", "Yes")
        .edge("e3", "n2", "n4", "timeout", null)
        .compile();
  }

  /**
   * Version 4: n2 is now "ask" (same template, 60 s timeout of its own), Yes goes to "thanks"
   * (bye), its timeout to "later" (info); n3 and n4 are gone.
   */
  static FlowDefinition versionFour() {
    Flows.Builder graph =
        flow()
            .template("n1", WELCOME)
            .template("ask", ORDER, "{'timeout_seconds': 60}")
            .template("thanks", BYE)
            .template("later", INFO)
            .button("e1", "n1", "ask", "Track Order")
            .button("e2", "ask", "thanks", "Yes")
            .edge("e3", "ask", "later", "timeout", null);
    return FlowCompiler.compile(
        "flow-1", 4, graph.startTemplate(), 0, graph.graph(), Flows.CATALOG);
  }

  static MoveRequest migrate(String requestId, String conversationId) {
    return new MoveRequest(
        requestId,
        conversationId,
        versionFour(),
        Map.of("n1", "n1", "n2", "ask"),
        null,
        MoveRequest.Mode.WAIT,
        MoveRequest.MIGRATED);
  }

  private Conversation waitingAtOrder() {
    Conversation sut =
        start(
            input(
                versionThree(), Map.of("order_id", "A-42"), Map.of(), List.of("vip"), null, null));
    sut.click("Track Order", sut.payload(1, 0), "wamid.1");
    sut.awaitWaitingAt("n2");
    return sut;
  }

  @Test
  void
      givenAWaitingConversation_whenMigrated_itWaitsAtTheMappedNodeAndAClickFollowsTheNewVersion() {
    Conversation sut = waitingAtOrder();
    String firstRun = sut.latestRunId();
    int sentBefore = activities.templates.size();

    sut.workflow.moveTo(migrate("job-1", sut.id));
    sut.awaitSettled();

    ConversationView view = sut.view();
    assertThat(sut.latestRunId()).as("continued as new").isNotEqualTo(firstRun);
    assertThat(view.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(view.currentNodeId()).isEqualTo("ask");
    assertThat(view.variables()).containsEntry("order_id", "A-42");
    assertThat(view.tags()).containsExactly("vip");
    assertThat(activities.templates).as("nothing sent again").hasSize(sentBefore);
    ProgressUpdate published = activities.lastProgress();
    assertThat(published.flowVersion()).isEqualTo(4);
    assertThat(published.currentNodeId()).isEqualTo("ask");
    Step resumed = activities.steps(StepKind.RESUMED).get(0);
    assertThat(resumed.nodeId()).isEqualTo("ask");
    assertThat(resumed.detail()).isEqualTo(MoveRequest.MIGRATED);

    sut.click("Yes", sut.payload(2, 0), "wamid.2");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).as("version 4's Yes edge").endsWith("bye");
    assertThat(activities.templates.get(activities.templates.size() - 1).sendSeq())
        .as("send numbers continue")
        .isEqualTo(3);
  }

  @Test
  void givenAWaitingConversation_whenMigrated_itTimesOutOnTheRemainingTimeOfItsWait() {
    Conversation sut = waitingAtOrder();
    testEnv.sleep(Duration.ofSeconds(500));

    sut.workflow.moveTo(migrate("job-1", sut.id));
    sut.awaitSettled();
    assertThat(sut.view().currentNodeId()).isEqualTo("ask");
    // 100 s of the original 600 are left: not the 60 s of the new node, not a fresh 600.
    testEnv.sleep(Duration.ofSeconds(90));
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status");
    testEnv.sleep(Duration.ofSeconds(20));

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).as("version 4's timeout edge").endsWith("info");
  }

  @Test
  void givenAConversationInTheMiddleOfAStep_whenMigrated_itMovesAtItsNextWait()
      throws InterruptedException {
    activities.holdTemplate(ORDER.name());
    Conversation sut =
        start(input(versionThree(), Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));
    sut.click("Track Order", sut.payload(1, 0), "wamid.1");
    activities.awaitHolding();

    sut.workflow.moveTo(migrate("job-1", sut.id));
    activities.release();
    sut.awaitSettled();

    ConversationView view = sut.view();
    assertThat(view.currentNodeId()).isEqualTo("ask");
    assertThat(view.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(activities.sentTemplateNames())
        .as("the step it was in finished: n2's message went out once")
        .containsExactly("welcome", "order_status");
    assertThat(activities.lastProgress().flowVersion()).isEqualTo(4);

    sut.click("Yes", sut.payload(2, 0), "wamid.2");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).endsWith("bye");
  }

  @Test
  void givenTheSameRequestIdTwice_whenSignalled_theMoveIsAppliedOnce() {
    Conversation sut = waitingAtOrder();
    MoveRequest enter =
        new MoveRequest(
            "rescue-7", sut.id, null, Map.of(), "n2", MoveRequest.Mode.ENTER, MoveRequest.MOVED);

    sut.workflow.moveTo(enter);
    sut.awaitSettled();
    assertThat(activities.sentTemplateNames())
        .as("entering n2 sends its message again")
        .containsExactly("welcome", "order_status", "order_status");
    sut.workflow.moveTo(enter);
    sut.awaitSettled();
    sut.text("still there?");
    sut.awaitSettled();

    assertThat(activities.sentTemplateNames())
        .as("the repeated request changed nothing")
        .containsExactly("welcome", "order_status", "order_status");
    assertThat(activities.steps(StepKind.RESUMED)).hasSize(1);
    sut.workflow.moveTo(
        new MoveRequest(
            "rescue-8", sut.id, null, Map.of(), "n2", MoveRequest.Mode.ENTER, MoveRequest.MOVED));
    sut.awaitSettled();
    assertThat(activities.sentTemplateNames()).as("another request id moves again").hasSize(4);
  }

  @Test
  void givenAMappingWithoutTheWaitingNode_whenMigrated_itStaysOnItsVersionSayingWhy() {
    Conversation sut = waitingAtOrder();
    String run = sut.latestRunId();

    sut.workflow.moveTo(
        new MoveRequest(
            "job-2",
            sut.id,
            versionFour(),
            Map.of("n1", "n1"),
            null,
            MoveRequest.Mode.WAIT,
            MoveRequest.MIGRATED));
    sut.awaitSettled();

    assertThat(sut.latestRunId()).isEqualTo(run);
    assertThat(sut.view().currentNodeId()).isEqualTo("n2");
    assertThat(activities.steps(StepKind.ACTION).get(0).detail())
        .isEqualTo("move job-2 not applied: no target for node n2");
    sut.click("Yes", sut.payload(2, 0), "wamid.2");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).as("version 3's Yes edge").endsWith("info");
  }

  @Test
  void givenAMoveForAnotherConversation_whenSignalled_itIsIgnored() {
    Conversation sut = waitingAtOrder();
    String run = sut.latestRunId();

    sut.workflow.moveTo(migrate("job-3", "another-conversation"));
    sut.text("hello");
    sut.awaitSettled();

    assertThat(sut.latestRunId()).isEqualTo(run);
    assertThat(sut.view().currentNodeId()).isEqualTo("n2");
  }
}
