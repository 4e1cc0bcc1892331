package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.ButtonText;
import io.chatflows.workflows.graph.Choice;
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

  /**
   * The send the conversation is waiting on.
   *
   * @param template the template sent ({@code null} for a session message)
   * @param choices the reply buttons or list rows of a session message sent (else empty)
   */
  record Waiting(
      String conversationId,
      int sendSeq,
      String messageId,
      TemplateSpec template,
      List<Choice> choices) {

    Waiting(String conversationId, int sendSeq, String messageId, TemplateSpec template) {
      this(conversationId, sendSeq, messageId, template, List.of());
    }
  }

  private ReplyMatcher() {}

  static Match match(InboundEvent event, Waiting waiting, List<GraphEdge> edges) {
    return switch (event.kind()) {
      case BUTTON ->
          waiting.template() == null
              ? matchChoice(event, waiting, edges)
              : matchButton(event, waiting, edges);
      // At a template, an interactive reply counts as a click on the button of its title or id.
      case BUTTON_REPLY, LIST_REPLY ->
          waiting.template() == null
              ? matchChoice(event, waiting, edges)
              : matchButton(event, waiting, edges);
      case TEXT -> matchText(event, edges);
      // A template takes no location or media: they stay unmatched (never its default edge).
      case LOCATION ->
          waiting.template() == null ? first(edges, Trigger.LOCATION_RECEIVED) : Match.UNMATCHED;
      case MEDIA -> waiting.template() == null ? matchMedia(event, edges) : Match.UNMATCHED;
      case DELIVERY_FAILED -> Match.UNMATCHED;
    };
  }

  /**
   * A reply button tapped or a list row chosen: the {@code button_reply} or {@code list_reply} edge
   * whose value is its id. A reply to another message of ours (its context) is stale. A sandbox
   * click ({@code button} with the title, and the id as payload) counts the same.
   */
  private static Match matchChoice(InboundEvent event, Waiting waiting, List<GraphEdge> edges) {
    if (event.contextMessageId() != null
        && waiting.messageId() != null
        && !event.contextMessageId().equals(waiting.messageId())) {
      return Match.STALE;
    }
    String id = event.payload();
    if (id == null && event.kind() == InboundEvent.Kind.BUTTON) {
      id =
          waiting.choices().stream()
              .filter(c -> ButtonText.same(c.title(), event.text()))
              .map(Choice::id)
              .findFirst()
              .orElse(null);
    }
    for (GraphEdge edge : edges) {
      if ((edge.trigger() == Trigger.BUTTON_REPLY || edge.trigger() == Trigger.LIST_REPLY)
          && id != null
          && id.equals(edge.triggerValue())) {
        return new Match(edge, false);
      }
    }
    return fallback(edges);
  }

  /** Media: the {@code media_received} edge without a value or with the media's type. */
  private static Match matchMedia(InboundEvent event, List<GraphEdge> edges) {
    for (GraphEdge edge : edges) {
      if (edge.trigger() == Trigger.MEDIA_RECEIVED
          && (edge.triggerValue() == null
              || edge.triggerValue().isBlank()
              || ButtonText.same(edge.triggerValue(), event.payload()))) {
        return new Match(edge, false);
      }
    }
    return fallback(edges);
  }

  private static Match first(List<GraphEdge> edges, Trigger trigger) {
    return edges.stream()
        .filter(e -> e.trigger() == trigger)
        .findFirst()
        .map(e -> new Match(e, false))
        .orElseGet(() -> fallback(edges));
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
