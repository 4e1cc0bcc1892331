package io.chatflows.workflows.interpreter;

import static io.chatflows.workflows.testing.Flows.BYE;
import static io.chatflows.workflows.testing.Flows.INFO;
import static io.chatflows.workflows.testing.Flows.ORDER;
import static io.chatflows.workflows.testing.Flows.WELCOME;
import static io.chatflows.workflows.testing.Flows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.RunLimits;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conversation as a whole: sending templates, waiting, replies that move nothing, surviving
 * continue-as-new and worker restarts, the loop guard, start clicks and cancellation.
 */
@Timeout(30)
class ConversationWorkflowTest extends ConversationTestSupport {

  /** welcome --Track Order--> order_status --Yes--> info, --default--> bye. */
  private static FlowDefinition orderFlow() {
    return flow()
        .template("n1", WELCOME)
        .template("n2", ORDER)
        .template("n3", INFO)
        .template("n4", BYE)
        .button("e1", "n1", "n2", "Track Order")
        .button("e2", "n2", "n3", "Yes")
        .then("e3", "n2", "n4")
        .compile();
  }

  @Test
  void givenTemplateParameters_whenTheConversationRuns_itRendersContactVariablesAndReply() {
    FlowDefinition flow =
        flow()
            .template(
                "n1",
                WELCOME,
                "{'parameters': {'body': ['{{contact.name}}', '{{contact.wa_id}}',"
                    + " '{{variables.order_id}}']}}")
            .template(
                "n2",
                INFO,
                "{'parameters': {'body': ['You chose {{reply.text}}',"
                    + " 'Order {{variables.order_id}} of {{ contact.name }}{{variables.nope}}']}}")
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation sut =
        start(input(flow, Map.of("order_id", "A-42"), Map.of(), List.of(), null, null));

    sut.click("Track Order");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    SendTemplateCommand welcome = activities.templates.get(0);
    assertThat(welcome.bodyParameters()).containsExactly("Ada", "15550001111", "A-42");
    assertThat(welcome.buttonPayloads()).containsExactly(sut.payload(1, 0), sut.payload(1, 1));
    assertThat(welcome.sendSeq()).isEqualTo(1);
    assertThat(welcome.nodeId()).isEqualTo("n1");
    assertThat(welcome.template()).isEqualTo(WELCOME);
    SendTemplateCommand info = activities.templates.get(1);
    assertThat(info.bodyParameters()).containsExactly("You chose Track Order", "Order A-42 of Ada");
    assertThat(info.buttonPayloads()).isEmpty();
    assertThat(info.sendSeq()).isEqualTo(2);
    assertThat(kinds(activities.steps()))
        .containsExactly(
            StepKind.NODE_ENTERED,
            StepKind.MESSAGE_SENT,
            StepKind.REPLY,
            StepKind.EDGE_TAKEN,
            StepKind.NODE_ENTERED,
            StepKind.MESSAGE_SENT);
    assertThat(activities.steps().get(1).detail()).isEqualTo("wamid.1");
    assertThat(activities.steps().get(3).edgeId()).isEqualTo("e1");
    assertThat(activities.statuses())
        .containsExactly(ConversationStatus.WAITING, ConversationStatus.COMPLETED);
  }

  @Test
  void givenAConversationWaiting_whenAClickLeadsToTheNextTemplate_theStepTakesEightHistoryEvents() {
    Conversation sut = start(orderFlow());
    sut.awaitWaitingAt("n1");
    int before = sut.history().getEvents().size();

    sut.click("Track Order");
    sut.awaitWaitingAt("n2");

    List<EventType> step =
        sut.history().getEvents().stream()
            .skip(before)
            .map(HistoryEvent::getEventType)
            .sorted()
            .toList();
    // One workflow task: the send and the projection write are one local-activity marker, the
    // reply timer of n1 is cancelled and the one of n2 started, the node search attribute moves.
    assertThat(step)
        .containsExactlyInAnyOrder(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EventType.EVENT_TYPE_TIMER_CANCELED,
            EventType.EVENT_TYPE_MARKER_RECORDED,
            EventType.EVENT_TYPE_TIMER_STARTED,
            EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(activities.lastProgress().currentNodeId()).isEqualTo("n2");
    assertThat(activities.lastProgress().steps())
        .extracting(Step::kind)
        .containsExactly(
            StepKind.REPLY, StepKind.EDGE_TAKEN, StepKind.NODE_ENTERED, StepKind.MESSAGE_SENT);
  }

  @Test
  void givenARepliedConversationInTheCache_whenTheWorkerDropsIt_noReplyTimerIsLoggedAsIgnored(
      TestWorkflowEnvironment testEnv) throws InterruptedException {
    Conversation sut = start(orderFlow());
    sut.awaitWaitingAt("n1");
    sut.click("Track Order");
    sut.awaitWaitingAt("n2");
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      // The SDK reports the failed promises nobody handled when it drops a running conversation
      // from its cache (here: the worker stops; in production also a full cache).
      testEnv.getWorkerFactory().shutdownNow();
      testEnv.getWorkerFactory().awaitTermination(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < deadline && !ignoredFailureLogged(log)) {
        Thread.sleep(50);
      }
    } finally {
      System.setErr(err);
    }
    assertThat(ignoredFailureLogged(log)).as(log.toString(StandardCharsets.UTF_8)).isFalse();
  }

  private static boolean ignoredFailureLogged(ByteArrayOutputStream log) {
    return log.toString(StandardCharsets.UTF_8).contains("was never accessed");
  }

  @Test
  void givenAConversationWaiting_whenQueried_itShowsNodeMessageVariablesAndTags() {
    Conversation sut =
        start(input(orderFlow(), Map.of("order_id", "A-42"), Map.of(), List.of("vip"), null, null));

    ConversationView view = sut.awaitWaitingAt("n1");

    assertThat(view.conversationId()).isEqualTo(sut.id);
    assertThat(view.status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(view.waitingMessageId()).isEqualTo("wamid.1");
    assertThat(view.variables()).containsExactlyEntriesOf(Map.of("order_id", "A-42"));
    assertThat(view.tags()).containsExactly("vip");
    assertThat(view.steps()).isEqualTo(2);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(activities.lastProgress().currentNodeId()).isEqualTo("n1");
    assertThat(sut.stub.describe().getTypedSearchAttributes().get(SearchAttributes.STATUS))
        .isEqualTo("waiting");
    assertThat(sut.stub.describe().getTypedSearchAttributes().get(SearchAttributes.NODE))
        .isEqualTo("n1");
  }

  @Test
  void givenAReplyThatMatchesNothing_whenReceived_itKeepsWaitingAndRecordsIt() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME, "{'max_reprompts': 0}")
            .template("n2", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation sut = start(flow);
    sut.awaitWaitingAt("n1");

    sut.text("where is my parcel?");
    sut.click("Some other button");

    ConversationView view = sut.awaitWaitingAt("n1");
    assertThat(view.steps()).isEqualTo(4);
    sut.click("Track Order");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY))
        .extracting(Step::detail, Step::nodeId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("where is my parcel?", "n1"),
            org.assertj.core.groups.Tuple.tuple("Some other button", "n1"));
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
  }

  @Test
  void givenAClickOnAnOlderMessagesPayload_whenWaitingOnANewerOne_itDoesNotMove() {
    Conversation sut = start(orderFlow());
    sut.click("Track Order", sut.payload(1, 0), "wamid.1");
    sut.awaitWaitingAt("n2");

    // Our payload names send 1, the conversation waits on send 2: without the check the click
    // would fall through to n2's default edge.
    sut.click("Track Order", sut.payload(1, 0), null);
    sut.awaitWaitingAt("n2");
    sut.click("Yes", sut.payload(2, 0), "wamid.2");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.steps(StepKind.STALE_CLICK))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.nodeId()).isEqualTo("n2");
              assertThat(s.detail()).isEqualTo("Track Order");
            });
  }

  @Test
  void givenAClickAnsweringAnOlderMessageId_whenWaitingOnANewerOne_itDoesNotMove() {
    Conversation sut = start(orderFlow());
    sut.click("Track Order", null, "wamid.1");
    sut.awaitWaitingAt("n2");

    // "Yes" is a button of n2, but the click answers the welcome message (wamid.1).
    sut.click("Yes", null, "wamid.1");
    ConversationView view = sut.awaitWaitingAt("n2");

    assertThat(view.steps()).isEqualTo(7);
    assertThat(activities.steps(StepKind.STALE_CLICK))
        .extracting(Step::detail)
        .containsExactly("Yes");
    sut.click("No", null, "wamid.2");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "bye");
  }

  @Test
  void givenTheSameMessageIdTwice_whenSignalled_itAppliesItOnce() {
    Conversation sut = start(orderFlow());
    InboundEvent click = InboundEvent.button("wamid.in-dup", "Track Order", null, null);

    sut.signal(click);
    sut.signal(click);
    sut.awaitWaitingAt("n2");
    sut.signal(InboundEvent.button("wamid.in-dup", "Track Order", null, null));
    sut.click("Yes");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    // Applied twice, the duplicate would have taken n2's default edge to "bye".
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.steps(StepKind.REPLY))
        .extracting(Step::detail)
        .containsExactly("Track Order", "Yes");
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY)).isEmpty();
  }

  @Test
  void givenManyUnmatchedReplies_whenTheHistoryGrows_itContinuesAsNewAndLosesNothing() {
    FlowDefinition flow =
        flow()
            .template(
                "n1",
                WELCOME,
                "{'parameters': {'body': ['{{variables.order_id}}']}, 'max_reprompts': 0}")
            .template(
                "n2", INFO, "{'parameters': {'body': ['{{reply.text}} {{variables.order_id}}']}}")
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation sut =
        start(
            input(
                flow,
                Map.of("order_id", "A-42"),
                Map.of(),
                List.of("vip"),
                new RunLimits(100, 30),
                null));
    String firstRunId = sut.stub.getExecution().getRunId();
    sut.awaitWaitingAt("n1");

    int unmatched = 15;
    for (int i = 0; i < unmatched; i++) {
      // One at a time: replies handled in one workflow task add to the history only once.
      sut.text("hello " + i);
      sut.awaitSettled();
    }
    ConversationView waiting = sut.awaitWaitingAt("n1");
    assertThat(waiting.steps()).isEqualTo(2 + unmatched);
    sut.click("Track Order", sut.payload(1, 0), "wamid.1");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(sut.latestRunId()).as("continued as new").isNotEqualTo(firstRunId);
    assertThat(waiting.waitingMessageId()).isEqualTo("wamid.1");
    assertThat(waiting.variables()).containsEntry("order_id", "A-42");
    assertThat(waiting.tags()).containsExactly("vip");
    List<Step> steps = activities.steps();
    assertThat(steps)
        .extracting(Step::seq)
        .containsExactlyElementsOf(IntStream.range(0, steps.size()).boxed().toList());
    assertThat(activities.steps(StepKind.UNMATCHED_REPLY))
        .extracting(Step::detail)
        .containsExactlyElementsOf(
            IntStream.range(0, unmatched).mapToObj(i -> "hello " + i).toList());
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "info");
    assertThat(activities.templates.get(1).bodyParameters()).containsExactly("Track Order A-42");
    assertThat(activities.statuses()).endsWith(ConversationStatus.COMPLETED);
  }

  @Test
  void givenAConversationThatContinuedAsNewWhileWaiting_whenIdle_itIsRecordedAsWaiting() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .compile();
    Conversation sut =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(100, 30), null));
    String firstRunId = sut.stub.getExecution().getRunId();
    sut.awaitWaitingAt("n1");

    // One reply at a time: replies handled in one workflow task grow the history less.
    for (int i = 0; i < 20 && sut.latestRunId().equals(firstRunId); i++) {
      sut.text("hello " + i);
      sut.awaitSettled();
    }
    sut.awaitWaitingAt("n1");

    assertThat(sut.latestRunId()).as("continued as new").isNotEqualTo(firstRunId);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(sut.stub.describe().getTypedSearchAttributes().get(SearchAttributes.STATUS))
        .isEqualTo("waiting");
  }

  @Test
  void givenALongRunOfActions_whenTheHistoryGrows_itContinuesAsNewBetweenNodes() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .action("a1", "{'action': 'tag', 'tags': ['t1']}")
            .action("a2", "{'action': 'tag', 'tags': ['t2']}")
            .action("a3", "{'action': 'tag', 'tags': ['t3']}")
            .action("a4", "{'action': 'set_variable', 'name': 'done', 'value': 'yes'}")
            .template("n2", ORDER)
            .template("n3", INFO, "{'parameters': {'body': ['{{variables.done}}']}}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "a3")
            .then("e4", "a3", "a4")
            .then("e5", "a4", "n2")
            .button("e6", "n2", "n3", "Yes")
            .compile();
    Conversation sut =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(100, 20), null));
    String firstRunId = sut.stub.getExecution().getRunId();

    ConversationView view = sut.awaitWaitingAt("n2");

    assertThat(sut.latestRunId()).as("continued as new").isNotEqualTo(firstRunId);
    assertThat(view.tags()).containsExactly("t1", "t2", "t3");
    assertThat(view.variables()).containsEntry("done", "yes");
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.WAITING);
    assertThat(activities.lastProgress().currentNodeId()).isEqualTo("n2");
    assertThat(sut.stub.describe().getTypedSearchAttributes().get(SearchAttributes.STATUS))
        .isEqualTo("waiting");
    assertThat(sut.stub.describe().getTypedSearchAttributes().get(SearchAttributes.NODE))
        .isEqualTo("n2");
    sut.click("Yes");
    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status", "info");
    assertThat(activities.templates.get(1).sendSeq()).isEqualTo(2);
    assertThat(activities.templates.get(2).bodyParameters()).containsExactly("yes");
    assertThat(activities.contactUpdates).hasSize(3);
    List<Step> steps = activities.steps();
    assertThat(steps)
        .extracting(Step::seq)
        .containsExactlyElementsOf(IntStream.range(0, steps.size()).boxed().toList());
    assertThat(activities.steps(StepKind.NODE_ENTERED))
        .extracting(Step::nodeId)
        .containsExactly("n1", "a1", "a2", "a3", "a4", "n2", "n3");
  }

  @Test
  void givenActionsInACycle_whenRun_itStopsAtTheLoopGuardAsFailed() {
    FlowDefinition flow =
        flow()
            .template("n1", INFO)
            .action("a1", "{'action': 'set_variable', 'name': 'x', 'value': 'one'}")
            .action("a2", "{'action': 'set_variable', 'name': 'x', 'value': 'two'}")
            .then("e1", "n1", "a1")
            .then("e2", "a1", "a2")
            .then("e3", "a2", "a1")
            .startTemplate(INFO.id())
            .compile();

    Conversation sut =
        start(input(flow, Map.of(), Map.of(), List.of(), new RunLimits(5, 2_000), null));

    assertThat(sut.result()).isEqualTo(ConversationStatus.FAILED);
    Step ended = activities.steps(StepKind.ENDED).get(0);
    assertThat(ended.detail()).isEqualTo("loop_guard");
    assertThat(activities.steps(StepKind.NODE_ENTERED)).hasSize(5);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.FAILED);
  }

  @Test
  void givenAStartTemplateClick_whenTheConversationStarts_itFollowsTheClickWithoutResending() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", ORDER)
            .action("a1", "{'action': 'assign', 'team': 'support', 'handoff': true}")
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n1", "a1", "Talk to an agent")
            .compile();
    InboundEvent click =
        InboundEvent.button("wamid.in-start", "Talk to an agent", null, "wamid.broadcast-9");

    Conversation sut = start(input(flow, Map.of(), Map.of(), List.of(), null, click));

    assertThat(sut.result()).isEqualTo(ConversationStatus.HANDED_OFF);
    assertThat(activities.templates).isEmpty();
    assertThat(activities.contactUpdates)
        .singleElement()
        .extracting(ContactUpdate::assignTeam)
        .isEqualTo("support");
    assertThat(kinds(activities.steps()))
        .containsExactly(
            StepKind.NODE_ENTERED,
            StepKind.REPLY,
            StepKind.EDGE_TAKEN,
            StepKind.NODE_ENTERED,
            StepKind.ACTION,
            StepKind.ENDED);
    assertThat(activities.steps().get(2).edgeId()).isEqualTo("e2");
  }

  @Test
  void givenAStartTemplateClick_whenItsBranchSendsATemplate_itSendsOnlyThatOne() {
    FlowDefinition flow =
        flow()
            .template("n1", WELCOME)
            .template("n2", ORDER)
            .template("n3", INFO)
            .button("e1", "n1", "n2", "Track Order")
            .button("e2", "n2", "n3", "Yes")
            .compile();
    InboundEvent click =
        InboundEvent.button("wamid.in-start", "track order", null, "wamid.broadcast-9");

    Conversation sut = start(input(flow, Map.of(), Map.of(), List.of(), null, click));
    sut.awaitWaitingAt("n2");
    sut.click("Yes", sut.payload(1, 0), "wamid.1");

    assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
    assertThat(activities.sentTemplateNames()).containsExactly("order_status", "info");
    assertThat(activities.templates.get(0).sendSeq()).isEqualTo(1);
  }

  @Test
  void givenAWaitingConversation_whenCancelled_itRecordsCancelled() {
    Conversation sut = start(orderFlow());
    sut.awaitWaitingAt("n1");

    sut.stub.cancel();

    assertThatThrownBy(sut::result)
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.CANCELLED);
    assertThat(activities.statuses())
        .containsExactly(ConversationStatus.WAITING, ConversationStatus.CANCELLED);
  }

  @Test
  void givenASendInFlight_whenCancelled_itRecordsCancelled() throws Exception {
    activities.holdTemplate(ORDER.name());
    Conversation sut = start(orderFlow());
    sut.click("Track Order");
    activities.awaitHolding();

    sut.stub.cancel();
    // The send runs in the workflow task (a local activity): the cancellation is handled once the
    // attempt in flight returns.
    activities.release();
    sut.awaitClosed();

    assertThatThrownBy(sut::result)
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(activities.lastProgress().status()).isEqualTo(ConversationStatus.CANCELLED);
    assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status");
    assertThat(activities.steps(StepKind.SEND_FAILED)).isEmpty();
  }

  /**
   * Uses its own test server, because the test server never gives up on a sticky queue: after a
   * worker stops, the workflow task of a conversation it had cached would wait on that worker's
   * sticky queue forever. The first worker therefore runs without a sticky queue (a zero sticky
   * schedule-to-start timeout), which a real server's sticky timeout amounts to.
   */
  @Test
  void givenARestartedWorker_whenTheContactReplies_itResumesWhereItWaited() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    WorkerFactory restarted = WorkerFactory.newInstance(env.getWorkflowClient());
    try {
      SearchAttributes.ALL.forEach(env::registerSearchAttribute);
      Worker first =
          env.newWorker(
              ConversationIds.TASK_QUEUE,
              WorkerOptions.newBuilder()
                  .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                  .build());
      first.registerWorkflowImplementationTypes(ConversationWorkflowImpl.class);
      first.registerActivitiesImplementations(activities);
      env.start();
      Conversation sut =
          start(
              env.getWorkflowClient(),
              ConversationIds.TASK_QUEUE,
              input(orderFlow(), Map.of(), Map.of(), List.of(), null, null));
      sut.click("Track Order");
      sut.awaitWaitingAt("n2");

      env.getWorkerFactory().shutdownNow();
      env.getWorkerFactory().awaitTermination(10, TimeUnit.SECONDS);
      FakeActivities afterRestart = new FakeActivities();
      Worker second = restarted.newWorker(ConversationIds.TASK_QUEUE);
      second.registerWorkflowImplementationTypes(ConversationWorkflowImpl.class);
      second.registerActivitiesImplementations(afterRestart);
      restarted.start();
      sut.click("Yes");

      assertThat(sut.result()).isEqualTo(ConversationStatus.COMPLETED);
      assertThat(activities.sentTemplateNames()).containsExactly("welcome", "order_status");
      assertThat(afterRestart.sentTemplateNames()).containsExactly("info");
      assertThat(afterRestart.templates.get(0).sendSeq()).isEqualTo(3);
      assertThat(afterRestart.steps()).extracting(Step::seq).containsExactly(6, 7, 8, 9);
      assertThat(afterRestart.steps().get(0).detail()).isEqualTo("Yes");
    } finally {
      restarted.shutdownNow();
      restarted.awaitTermination(10, TimeUnit.SECONDS);
      env.close();
    }
  }
}
