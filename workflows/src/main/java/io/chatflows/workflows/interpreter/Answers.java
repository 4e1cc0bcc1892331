package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.QuestionNode;
import io.chatflows.workflows.graph.QuestionNode.AnswerType;

/** A contact's reply to a question: the value it saves, or why it saves nothing. */
final class Answers {

  /**
   * @param value the value to save; {@code null}: no valid answer
   * @param stale a tap on a button of another message of ours
   */
  record Answer(String value, boolean stale) {
    static final Answer INVALID = new Answer(null, false);
  }

  private Answers() {}

  static Answer of(QuestionNode question, InboundEvent event, ReplyMatcher.Waiting waiting) {
    AnswerType type = question.answerType();
    return switch (event.kind()) {
      case LOCATION -> type == AnswerType.LOCATION ? valid(event.text()) : Answer.INVALID;
      case MEDIA ->
          type == AnswerType.MEDIA
              ? valid(
                  event.text() != null && !event.text().isBlank() ? event.text() : event.payload())
              : Answer.INVALID;
      case BUTTON, BUTTON_REPLY, LIST_REPLY -> {
        if (event.contextMessageId() != null
            && waiting.messageId() != null
            && !event.contextMessageId().equals(waiting.messageId())) {
          yield new Answer(null, true);
        }
        yield valid(question.answerText(event.text(), event.payload()));
      }
      case TEXT -> valid(question.answerText(event.text(), null));
      case DELIVERY_FAILED -> Answer.INVALID;
    };
  }

  private static Answer valid(String value) {
    return value == null ? Answer.INVALID : new Answer(value, false);
  }

  /** Saves the answer in the question's variable (a name MongoDB cannot store is skipped). */
  static void save(QuestionNode question, String value, ConversationState state) {
    if (OutOfRange.storableName(state.steps, question.nodeId(), "variable", question.variable())) {
      state.variables.put(question.variable(), value);
      state.steps.action(question.nodeId(), "set_variable " + question.variable());
    }
  }
}
