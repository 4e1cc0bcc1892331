package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays stored conversation histories (written by {@link ConversationHistoryGenerator}) against
 * the current workflow code: a change that running conversations could not replay fails the build.
 * Such a change goes behind {@code Workflow.getVersion}, and adds or refreshes a history (see the
 * module README).
 */
class ConversationReplayTest {

  private static final Set<EventType> CLOSED =
      EnumSet.of(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);

  /**
   * Every path a running conversation can be in, with what its stored history must show, so a
   * history that no longer exercises its path (regenerated with a changed scenario) fails too.
   */
  record StoredPath(String name, String shows, Predicate<WorkflowExecutionHistory> check) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<StoredPath> PATHS =
      List.of(
          new StoredPath("click-to-completion", "clicks, before one-task-step", h -> true),
          new StoredPath("timeout", "the reply timer fires, before one-task-step", h -> true),
          new StoredPath(
              "condition-and-actions", "conditions and actions, before one-task-step", h -> true),
          new StoredPath(
              "handoff.one-task-step",
              "a handoff: forwards, an agent's message and resume (updates)",
              h ->
                  count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED) == 2
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)),
          new StoredPath(
              "click-to-completion.one-task-step",
              "a click on our payload, an unmatched reply, a click",
              h -> count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 3),
          new StoredPath(
              "timeout.one-task-step",
              "the reply timer fires",
              h -> count(h, EventType.EVENT_TYPE_TIMER_FIRED) == 1),
          new StoredPath(
              "condition-and-actions.one-task-step",
              "remote activities of actions and a delay timer",
              h -> count(h, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) == 4),
          new StoredPath(
              "continue-as-new-while-waiting-run1.one-task-step",
              "continues as new while it waits",
              h -> closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)),
          new StoredPath(
              "continue-as-new-while-waiting-run2.one-task-step",
              "the resumed wait: publish-after-continue-as-new, its own reply timer, the click",
              h ->
                  versions(h).contains("publish-after-continue-as-new")
                      && count(h, EventType.EVENT_TYPE_TIMER_CANCELED) == 1
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)),
          new StoredPath(
              "continue-as-new-while-walking-run1.one-task-step",
              "continues as new between two action nodes",
              h ->
                  closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
                      && count(h, EventType.EVENT_TYPE_TIMER_STARTED) == 0),
          new StoredPath(
              "continue-as-new-while-walking-run2.one-task-step",
              "the resumed walk: publish-after-continue-as-new, then a wait and a click",
              h ->
                  versions(h).contains("publish-after-continue-as-new")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1),
          new StoredPath(
              "retried-send.one-task-step",
              "a local send retried twice after backoffs on durable timers",
              h -> count(h, EventType.EVENT_TYPE_TIMER_FIRED) == 2),
          new StoredPath(
              "cancel-while-waiting.one-task-step",
              "cancelled while it waits",
              h ->
                  closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED)
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 0),
          new StoredPath(
              "cancel-while-sending.one-task-step",
              "cancelled while the send after a click is in flight",
              h ->
                  closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED)
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1),
          new StoredPath(
              "delivery-failed-send.one-task-step",
              "a permanent send error takes the delivery_failed edge",
              h -> markers(h).stream().anyMatch(m -> m.contains("failure=PermanentSendFailure"))),
          new StoredPath(
              "delivery-failed-status.one-task-step",
              "a failed status of the awaited message while waiting",
              h -> count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2),
          new StoredPath(
              "start-template-click.one-task-step",
              "started by a click on a start template: no welcome send",
              h -> startInput(h).contains("wamid.broadcast-9")),
          new StoredPath(
              "long-waits.one-task-step",
              "a 60-day reply timeout, a 40-day delay and a dotted variable, written before ranges",
              h -> count(h, EventType.EVENT_TYPE_TIMER_FIRED) == 2),
          new StoredPath(
              "session-buttons.one-task-step",
              "a buttons message sent after the contact wrote, then a tap on a button",
              h ->
                  activities(h).contains("SendSession")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2
                      && count(h, EventType.EVENT_TYPE_TIMER_CANCELED) == 2),
          new StoredPath(
              "session-window-closed.one-task-step",
              "a session node whose window is closed takes window_closed without sending",
              h ->
                  !activities(h).contains("SendSession")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 0
                      && markers(h).stream().filter(m -> m.contains("SendTemplate")).count() == 2),
          new StoredPath(
              "unmatched-replies.one-task-step",
              "replies a buttons node does not understand, written before re-prompts: silence",
              h ->
                  activities(h).stream().filter("SendSession"::equals).count() == 1
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 5
                      && !versions(h).contains("reprompt-unmatched")),
          new StoredPath(
              "unmatched-replies.reprompt-unmatched",
              "the same replies answered with two re-prompts, then silence until a tap",
              h ->
                  activities(h).stream().filter("SendSession"::equals).count() == 3
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 5
                      && versions(h).contains("reprompt-unmatched")),
          new StoredPath(
              "no-match.reprompt-unmatched",
              "a list node re-prompts once, then the next unmatched reply takes no_match",
              h ->
                  activities(h).stream().filter("SendSession"::equals).count() == 2
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 3
                      && count(h, EventType.EVENT_TYPE_TIMER_CANCELED) == 2),
          new StoredPath(
              "question.reprompt-unmatched",
              "a question asked, an invalid answer re-asked, the valid one saved and used",
              h ->
                  activities(h).stream().filter("SendSession"::equals).count() == 2
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 3
                      && markers(h).stream().filter(m -> m.contains("SendTemplate")).count() == 2),
          new StoredPath(
              "restart-resume.one-task-step",
              "re-created after a restart, waiting at its node: a click on the earlier send",
              h ->
                  startInput(h).contains("\"cause\":\"restart\"")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1
                      && markers(h).stream().filter(m -> m.contains("SendTemplate")).count() == 1),
          new StoredPath(
              "migrate-while-waiting-run1.one-task-step",
              "waiting, migrated by the moveTo signal: move-to, continues as new",
              h ->
                  versions(h).contains("move-to")
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)),
          new StoredPath(
              "migrate-while-waiting-run2.one-task-step",
              "waiting at the mapped node of the new version: the click takes its edge",
              h ->
                  startInput(h).contains("\"cause\":\"migrated\"")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 1
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)),
          new StoredPath(
              "migrate-mid-step-run1.one-task-step",
              "migrated while a send is in flight: moves at the wait after it",
              h ->
                  versions(h).contains("move-to")
                      && count(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) == 2
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)),
          new StoredPath(
              "migrate-mid-step-run2.one-task-step",
              "the migrated run waits at the mapped node and takes the click",
              h ->
                  startInput(h).contains("\"cause\":\"migrated\"")
                      && closedWith(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED)));

  static Stream<StoredPath> paths() {
    return PATHS.stream();
  }

  private static String load(String name) throws IOException {
    try (InputStream in =
        ConversationReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
      assertThat(in).as("stored history %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @MethodSource("paths")
  void givenAStoredConversationHistory_whenReplayed_itMatchesTheCurrentCode(StoredPath path)
      throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(load(path.name()));
    assertThat(history.getLastEvent().getEventType()).isIn(CLOSED);

    WorkflowReplayer.replayWorkflowExecution(history, ConversationWorkflowImpl.class);
  }

  @ParameterizedTest
  @MethodSource("paths")
  void givenAStoredConversationHistory_whenRead_itShowsThePathItStandsFor(StoredPath path)
      throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(load(path.name()));

    assertThat(path.check().test(history)).as("%s shows: %s", path.name(), path.shows()).isTrue();
  }

  @Test
  void givenTheHistoriesDirectory_whenListed_everyStoredHistoryIsReplayed() throws Exception {
    Path dir = Path.of(ConversationReplayTest.class.getResource("/histories").toURI());
    List<String> stored;
    try (Stream<Path> files = Files.list(dir)) {
      stored =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".json"))
              .map(f -> f.substring(0, f.length() - ".json".length()))
              .toList();
    }

    assertThat(PATHS).extracting(StoredPath::name).containsExactlyInAnyOrderElementsOf(stored);
  }

  @ParameterizedTest
  @CsvSource({
    "click-to-completion, SendTemplate, SendText",
    "condition-and-actions.one-task-step, UpdateContact, CallWebhook"
  })
  void givenAHistoryTheCodeWouldNotProduce_whenReplayed_itFails(
      String name, String activity, String other) throws Exception {
    // As if the code had called another activity where it called this one first.
    String tampered = load(name).replaceFirst("\"" + activity + "\"", "\"" + other + "\"");
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(tampered);

    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecution(history, ConversationWorkflowImpl.class))
        .hasStackTraceContaining("NonDeterministic");
  }

  private static long count(WorkflowExecutionHistory history, EventType type) {
    return history.getEvents().stream().filter(e -> e.getEventType() == type).count();
  }

  /** The activity types the history scheduled (remote activities). */
  private static List<String> activities(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private static boolean closedWith(WorkflowExecutionHistory history, EventType type) {
    return history.getLastEvent().getEventType() == type;
  }

  /** The change ids of the version markers. */
  private static List<String> versions(WorkflowExecutionHistory history) {
    return markers(history).stream()
        .filter(m -> m.startsWith("Version "))
        .map(m -> m.replaceAll(".*changeId=\"([^\"]+)\".*", "$1"))
        .toList();
  }

  /** Each marker as its name and its decoded details, e.g. {@code Version changeId="x" ...}. */
  private static List<String> markers(WorkflowExecutionHistory history) {
    List<String> out = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventType() != EventType.EVENT_TYPE_MARKER_RECORDED) {
        continue;
      }
      var attributes = event.getMarkerRecordedEventAttributes();
      StringBuilder marker = new StringBuilder(attributes.getMarkerName());
      attributes
          .getDetailsMap()
          .forEach(
              (key, payloads) -> marker.append(' ').append(key).append('=').append(text(payloads)));
      if (attributes.hasFailure()) {
        marker
            .append(" failure=")
            .append(attributes.getFailure().getCause().getApplicationFailureInfo().getType());
      }
      out.add(marker.toString());
    }
    return out;
  }

  private static String startInput(WorkflowExecutionHistory history) {
    return text(history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput());
  }

  private static String text(Payloads payloads) {
    StringBuilder out = new StringBuilder();
    for (Payload payload : payloads.getPayloadsList()) {
      out.append(payload.getData().toStringUtf8());
    }
    return out.toString();
  }
}
