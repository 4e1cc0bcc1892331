package io.chatflows.workflows.conversation;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;

/**
 * Why a conversation refused an agent's request. A rejected update reaches the client with the
 * validator's message but not its failure type, so the code leads the message: {@code
 * not_with_agent: ...}.
 */
public final class AgentErrors {

  /** The conversation is not with an agent. */
  public static final String NOT_WITH_AGENT = "not_with_agent";

  /** The contact has not written in the last 24 hours: WhatsApp would refuse a session message. */
  public static final String WINDOW_CLOSED = "window_closed";

  /** The node to resume at is not a node of the conversation's flow version. */
  public static final String UNKNOWN_NODE = "unknown_node";

  private static final List<String> CODES = List.of(NOT_WITH_AGENT, WINDOW_CLOSED, UNKNOWN_NODE);

  private AgentErrors() {}

  /** The message of a refusal: its code, a colon, and why. */
  public static String message(String code, String why) {
    return code + ": " + why;
  }

  /** The refusal's code and reason found in a failure's causes, if it is one of ours. */
  public static Optional<Refusal> of(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause instanceof ApplicationFailure app ? app.getOriginalMessage() : null;
      if (message != null) {
        for (String code : CODES) {
          if (message.startsWith(code + ": ")) {
            return Optional.of(new Refusal(code, message.substring(code.length() + 2)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A refusal: its code ({@link #NOT_WITH_AGENT}, ...) and why. */
  public record Refusal(String code, String why) {}
}
