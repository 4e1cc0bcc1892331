package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.graph.GraphEdge;

/**
 * What a node handler decided: follow {@code edge} (none: the conversation completes), or end with
 * {@code end} for {@code reason}. {@code waited} says the node waited for the contact.
 */
record Next(GraphEdge edge, ConversationStatus end, String reason, boolean waited) {

  static Next to(GraphEdge edge) {
    return new Next(edge, null, null, false);
  }

  static Next end(ConversationStatus status, String reason) {
    return new Next(null, status, reason, false);
  }

  Next afterWaiting() {
    return new Next(edge, end, reason, true);
  }
}
