package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.ButtonText;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import java.util.List;

/**
 * Matches a contact's reply to an outgoing edge of the template node the conversation waits on
 * (spec §4). Edges are tried in the builder's order; {@code default} is the fallback.
 */
final class ReplyMatcher {

  /** The outcome: an edge to take, or why the reply moves nothing. */
  record Match(GraphEdge edge, boolean stale) {
    static final Match UNMATCHED = new Match(null, false);
    static final Match STALE = new Match(null, true);
  }

  /** The send the conversation is waiting on. */
  record Waiting(String conversationId, int sendSeq, String messageId, TemplateSpec template) {}

  private ReplyMatcher() {}

  static Match match(InboundEvent event, Waiting waiting, List<GraphEdge> edges) {
    return switch (event.kind()) {
      case BUTTON -> matchButton(event, waiting, edges);
      case TEXT -> matchText(event, edges);
      case DELIVERY_FAILED -> Match.UNMATCHED;
    };
  }

  private static Match matchButton(InboundEvent event, Waiting waiting, List<GraphEdge> edges) {
    String buttonText = event.text();
    ConversationIds.ButtonRef ours = ConversationIds.parseButtonPayload(event.payload());
    if (ours != null) {
      if (!ours.conversationId().equals(waiting.conversationId())
          || ours.sendSeq() != waiting.sendSeq()) {
        return Match.STALE;
      }
      List<String> buttons = waiting.template().buttons();
      if (ours.index() >= 0 && ours.index() < buttons.size()) {
        buttonText = buttons.get(ours.index());
      }
    } else if (event.contextMessageId() != null
        && waiting.messageId() != null
        && !event.contextMessageId().equals(waiting.messageId())) {
      return Match.STALE;
    }
    for (GraphEdge edge : edges) {
      if (edge.trigger() == Trigger.BUTTON_CLICK
          && (ButtonText.same(edge.triggerValue(), buttonText)
              || (event.payload() != null && event.payload().equals(edge.triggerValue())))) {
        return new Match(edge, false);
      }
    }
    return fallback(edges);
  }

  private static Match matchText(InboundEvent event, List<GraphEdge> edges) {
    for (GraphEdge edge : edges) {
      if (edge.trigger() == Trigger.TEXT_REPLY
          && (edge.triggerValue() == null
              || edge.triggerValue().isBlank()
              || ButtonText.same(edge.triggerValue(), event.text()))) {
        return new Match(edge, false);
      }
    }
    return fallback(edges);
  }

  private static Match fallback(List<GraphEdge> edges) {
    return edges.stream()
        .filter(e -> e.trigger() == Trigger.DEFAULT)
        .findFirst()
        .map(e -> new Match(e, false))
        .orElse(Match.UNMATCHED);
  }
}
