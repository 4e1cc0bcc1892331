package io.chatflows.workflows.graph;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A node that sends a session message: WhatsApp takes it only within 24 hours of the contact's last
 * message (the customer-service window), so outside that window the node sends nothing and takes
 * its {@code window_closed} edge. It waits for the contact when it has an edge a reply takes.
 */
public sealed interface SessionNode extends GraphNode
    permits ButtonsNode, ListNode, MediaNode, CtaUrlNode, LocationRequestNode, QuestionNode {

  /** The message to send, its texts rendered by {@code render}. */
  SessionMessage message(UnaryOperator<String> render);

  /** The node's reply timeout; 0 when it has none (the flow's default applies). */
  long timeoutSeconds();

  /** The values an edge with {@code trigger} may have ({@code null}: any value). */
  default Set<String> edgeValues(Trigger trigger) {
    return null;
  }
}
