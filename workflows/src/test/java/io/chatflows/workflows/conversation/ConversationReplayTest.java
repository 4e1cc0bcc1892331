package io.chatflows.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays stored conversation histories (written by {@link ConversationHistoryGenerator}) against
 * the current workflow code: a change that running conversations could not replay fails the build.
 * Such a change goes behind {@code Workflow.getVersion}.
 */
class ConversationReplayTest {

  private static String load(String name) throws IOException {
    try (InputStream in =
        ConversationReplayTest.class.getResourceAsStream("/histories/" + name + ".json")) {
      assertThat(in).as("stored history %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "click-to-completion",
        "timeout",
        "condition-and-actions",
        "click-to-completion.one-task-step",
        "timeout.one-task-step",
        "condition-and-actions.one-task-step",
        "long-waits.one-task-step"
      })
  void givenAStoredConversationHistory_whenReplayed_itMatchesTheCurrentCode(String name)
      throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(load(name));
    assertThat(history.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);

    WorkflowReplayer.replayWorkflowExecution(history, ConversationWorkflowImpl.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"click-to-completion"})
  void givenAHistoryTheCodeWouldNotProduce_whenReplayed_itFails(String name) throws Exception {
    // As if the code had called another activity where it sent the welcome template.
    String tampered = load(name).replaceFirst("\"SendTemplate\"", "\"SendText\"");
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(tampered);

    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecution(history, ConversationWorkflowImpl.class))
        .hasStackTraceContaining("NonDeterministic");
  }
}
