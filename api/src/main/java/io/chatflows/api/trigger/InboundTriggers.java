package io.chatflows.api.trigger;

import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.conversation.InboundEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Decides which trigger an inbound message fires. Only the workspace's own active triggers on the
 * message's channel (or on all channels) are read, and a trigger fires only while its flow exists
 * and is active.
 *
 * <p>Keywords match {@code text} messages only: button clicks and list replies answer a message the
 * business sent and go to the start-template click or the conversation. Among matching keyword
 * triggers the winner is ({@link #ORDER}): a channel-specific trigger before an all-channel one,
 * then the higher priority, then exact before contains before regex, then the older trigger. A
 * catch-all fires for any message a conversation can take, a channel-specific catch-all before an
 * all-channel one.
 */
@Component
public class InboundTriggers {

  static final Comparator<TriggerDocument> ORDER =
      Comparator.<TriggerDocument, Boolean>comparing(t -> t.channel() == null)
          .thenComparing(Comparator.comparingInt(TriggerDocument::priority).reversed())
          .thenComparingInt(t -> t.match() == null ? 0 : TriggerInput.MATCHES.indexOf(t.match()))
          .thenComparing(TriggerDocument::createdAt)
          .thenComparing(TriggerDocument::id);

  private final TriggerStore triggers;
  private final FlowStore flows;

  public InboundTriggers(TriggerStore triggers, FlowStore flows) {
    this.triggers = triggers;
    this.flows = flows;
  }

  /** A trigger that fires, with the flow it starts. */
  public record Fired(String triggerId, boolean interrupt, FlowDocument flow) {}

  /**
   * What a message fires, best first.
   *
   * @param keywords the keyword triggers that match it, in {@link #ORDER}
   * @param catchAll the catch-all for a contact without a conversation
   */
  public record Resolution(List<Fired> keywords, Optional<Fired> catchAll) {

    /** The best keyword trigger allowed to end a conversation in progress. */
    public Optional<Fired> interrupting() {
      return keywords.stream().filter(Fired::interrupt).findFirst();
    }

    /** What starts a conversation for a contact who has none: a keyword, else the catch-all. */
    public Optional<Fired> forNewConversation() {
      return keywords.stream().findFirst().or(() -> catchAll);
    }
  }

  /** Resolves the message's triggers in the workspace, on the channel it arrived on. */
  public Resolution resolve(Workspace workspace, String channelId, InboundEvent event) {
    if (event == null || !event.fromContact()) {
      return new Resolution(List.of(), Optional.empty());
    }
    List<TriggerDocument> candidates =
        triggers.active(workspace.id()).stream()
            .filter(t -> t.channel() == null || t.channel().equals(channelId))
            .sorted(ORDER)
            .toList();
    String text =
        event.kind() == InboundEvent.Kind.TEXT ? TriggerText.normalize(event.text()) : null;
    List<Fired> keywords =
        text == null || text.isEmpty()
            ? List.of()
            : fired(
                workspace,
                candidates.stream().filter(t -> t.isKeyword() && matches(t, text)).toList());
    Optional<Fired> catchAll =
        fired(
                workspace,
                candidates.stream().filter(Predicate.not(TriggerDocument::isKeyword)).toList())
            .stream()
            .findFirst();
    return new Resolution(keywords, catchAll);
  }

  /** Whether one of the trigger's keywords matches the normalised text. */
  static boolean matches(TriggerDocument trigger, String normalizedText) {
    for (String keyword : trigger.keywords()) {
      boolean hit =
          switch (trigger.match()) {
            case "exact" ->
                TriggerText.exactMatches(normalizedText, TriggerText.normalize(keyword));
            case "contains" ->
                TriggerText.containsMatches(normalizedText, TriggerText.normalize(keyword));
            case "regex" -> TriggerText.regexMatches(normalizedText, TriggerText.compile(keyword));
            default -> false;
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** The triggers whose flow can start, in their order. */
  private List<Fired> fired(Workspace workspace, List<TriggerDocument> matching) {
    return matching.stream()
        .map(
            t ->
                flows
                    .find(workspace.id(), t.flowId())
                    .filter(FlowDocument::isActive)
                    .map(flow -> new Fired(t.id(), t.interrupt(), flow)))
        .flatMap(Optional::stream)
        .toList();
  }
}
