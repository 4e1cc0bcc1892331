package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.graph.AssignAction;
import io.chatflows.workflows.graph.ButtonsNode;
import io.chatflows.workflows.graph.ConditionNode;
import io.chatflows.workflows.graph.CtaUrlNode;
import io.chatflows.workflows.graph.DelayAction;
import io.chatflows.workflows.graph.EndAction;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.chatflows.workflows.graph.HandoffAction;
import io.chatflows.workflows.graph.ListNode;
import io.chatflows.workflows.graph.LocationRequestNode;
import io.chatflows.workflows.graph.MediaNode;
import io.chatflows.workflows.graph.QuestionNode;
import io.chatflows.workflows.graph.SendTextAction;
import io.chatflows.workflows.graph.SetAttributeAction;
import io.chatflows.workflows.graph.SetVariableAction;
import io.chatflows.workflows.graph.TagAction;
import io.chatflows.workflows.graph.TemplateNode;
import io.chatflows.workflows.graph.Trigger;
import io.chatflows.workflows.graph.UnknownNode;
import io.chatflows.workflows.graph.UntagAction;
import io.chatflows.workflows.graph.WebhookAction;
import java.util.LinkedHashMap;
import java.util.Map;

/** The handler of each node kind: a new kind registers its handler here. */
final class NodeHandlers {

  private static final Map<Class<? extends GraphNode>, NodeHandler<?>> HANDLERS =
      new LinkedHashMap<>();

  static {
    register(TemplateNode.class, TemplateHandler::run);
    register(ButtonsNode.class, SessionHandler::run);
    register(ListNode.class, SessionHandler::run);
    register(MediaNode.class, SessionHandler::run);
    register(CtaUrlNode.class, SessionHandler::run);
    register(LocationRequestNode.class, SessionHandler::run);
    register(QuestionNode.class, SessionHandler::run);
    register(ConditionNode.class, NodeHandlers::condition);
    register(SendTextAction.class, ActionHandlers::sendText);
    register(AssignAction.class, ActionHandlers::assign);
    register(TagAction.class, ActionHandlers::tag);
    register(UntagAction.class, ActionHandlers::untag);
    register(SetVariableAction.class, ActionHandlers::setVariable);
    register(SetAttributeAction.class, ActionHandlers::setAttribute);
    register(WebhookAction.class, WebhookHandler::run);
    register(DelayAction.class, ActionHandlers::delay);
    register(HandoffAction.class, HandoffHandler::run);
    register(EndAction.class, (node, visit) -> Next.end(ConversationStatus.COMPLETED, "end"));
    register(UnknownNode.class, NodeHandlers::unknown);
  }

  private NodeHandlers() {}

  private static <N extends GraphNode> void register(Class<N> kind, NodeHandler<N> handler) {
    HANDLERS.put(kind, handler);
  }

  /** Whether a handler runs nodes of this record type. */
  static boolean handles(Class<?> kind) {
    return HANDLERS.containsKey(kind);
  }

  static Next run(GraphNode node, Visit visit) {
    @SuppressWarnings("unchecked")
    NodeHandler<GraphNode> handler = (NodeHandler<GraphNode>) HANDLERS.get(node.getClass());
    return handler.run(node, visit);
  }

  /** The first rule (condition edge, in order) that holds, else the default edge. */
  private static Next condition(ConditionNode node, Visit visit) {
    ConversationState state = visit.state();
    for (GraphEdge edge : visit.edges()) {
      if (edge.trigger() == Trigger.CONDITION
          && node.subject()
              .holds(edge.operator(), edge.triggerValue(), node.key(), state.facts())) {
        return Next.to(edge);
      }
    }
    return visit.next();
  }

  private static Next unknown(UnknownNode node, Visit visit) {
    return Next.end(
        ConversationStatus.FAILED, node.isAction() ? "unknown_action" : "unknown_node_type");
  }
}
