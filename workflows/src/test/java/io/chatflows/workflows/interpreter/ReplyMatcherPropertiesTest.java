package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.TemplateSpec;
import io.chatflows.workflows.graph.Trigger;
import io.chatflows.workflows.testing.PropertyCheck;
import io.chatflows.workflows.testing.PropertyCheck.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyMatcher} against a plain reference written from the spec (§4 and the stale-click
 * rule): generated edges of a waiting template node, generated clicks and texts (our payloads of
 * this send, of an older send or another conversation, foreign payloads, contexts of the awaited or
 * an older message), and the same outcome expected from both.
 */
class ReplyMatcherPropertiesTest {

  private static final String CONVERSATION = "c-1";
  private static final TemplateSpec TEMPLATE =
      new TemplateSpec("t1", "welcome", "en_US", List.of("Track Order", "Talk to an agent", "Yes"));
  private static final ReplyMatcher.Waiting WAITING =
      new ReplyMatcher.Waiting(CONVERSATION, 3, "wamid.awaited", TEMPLATE);

  /** The reference: which edge the spec says the reply takes, "stale", or null for none. */
  static Object reference(InboundEvent event, ReplyMatcher.Waiting waiting, List<GraphEdge> edges) {
    if (event.kind() == InboundEvent.Kind.DELIVERY_FAILED) {
      return null;
    }
    String text = event.text();
    if (event.kind() == InboundEvent.Kind.BUTTON) {
      Matcher ours =
          Pattern.compile("cf:([^:]*):(\\d{1,9}):(\\d{1,9})").matcher(nonNull(event.payload()));
      if (ours.matches()) {
        boolean thisSend =
            ours.group(1).equals(waiting.conversationId())
                && Integer.parseInt(ours.group(2)) == waiting.sendSeq();
        if (!thisSend) {
          return "stale";
        }
        int index = Integer.parseInt(ours.group(3));
        if (index < waiting.template().buttons().size()) {
          text = waiting.template().buttons().get(index);
        }
      } else if (event.contextMessageId() != null
          && waiting.messageId() != null
          && !event.contextMessageId().equals(waiting.messageId())) {
        return "stale";
      }
    }
    for (GraphEdge edge : edges) {
      boolean taken =
          event.kind() == InboundEvent.Kind.BUTTON
              ? edge.trigger() == Trigger.BUTTON_CLICK
                  && (same(edge.triggerValue(), text)
                      || (event.payload() != null && event.payload().equals(edge.triggerValue())))
              : edge.trigger() == Trigger.TEXT_REPLY
                  && (nonNull(edge.triggerValue()).isBlank() || same(edge.triggerValue(), text));
      if (taken) {
        return edge;
      }
    }
    for (GraphEdge edge : edges) {
      if (edge.trigger() == Trigger.DEFAULT) {
        return edge;
      }
    }
    return null;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static boolean same(String a, String b) {
    return a != null
        && b != null
        && a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
  }

  @Test
  void givenGeneratedRepliesAndEdges_whenMatched_itAgreesWithTheReference() {
    PropertyCheck.Run run =
        PropertyCheck.forAll(
            "reply matching agrees with the reference matcher",
            3000,
            c -> {
              List<GraphEdge> edges = edges(c);
              InboundEvent event = event(c);

              ReplyMatcher.Match actual = ReplyMatcher.match(event, WAITING, edges);
              Object expected = reference(event, WAITING, edges);

              Object got = actual.stale() ? "stale" : actual.edge();
              assertThat(got).as("%s on %s", event, edges).isEqualTo(expected);
              c.hit(branch(event, expected));
            });

    for (String branch :
        List.of(
            "stale: older send or other conversation",
            "stale: context of an older message",
            "button: edge",
            "button: default",
            "button: no edge",
            "text: edge",
            "text: default",
            "text: no edge",
            "delivery_failed: no edge")) {
      assertThat(run.count(branch)).as(branch).isGreaterThan(20);
    }
  }

  private static String branch(InboundEvent event, Object expected) {
    String kind = event.kind().name().toLowerCase(Locale.ROOT);
    if ("stale".equals(expected)) {
      return event.payload() != null && event.payload().startsWith("cf:" + CONVERSATION + ":")
              || Objects.requireNonNullElse(event.payload(), "").startsWith("cf:other")
          ? "stale: older send or other conversation"
          : "stale: context of an older message";
    }
    if (expected == null) {
      return kind + ": no edge";
    }
    return kind + (((GraphEdge) expected).trigger() == Trigger.DEFAULT ? ": default" : ": edge");
  }

  /** 0 to 6 edges of a template node, in builder order, with realistic and odd values. */
  private static List<GraphEdge> edges(Case c) {
    List<GraphEdge> edges = new ArrayList<>();
    for (int i = c.between(0, 6); i > 0; i--) {
      Trigger trigger =
          c.oneOf(
              Trigger.BUTTON_CLICK,
              Trigger.BUTTON_CLICK,
              Trigger.TEXT_REPLY,
              Trigger.DEFAULT,
              Trigger.TIMEOUT,
              Trigger.DELIVERY_FAILED);
      String value =
          switch (trigger) {
            case BUTTON_CLICK ->
                c.oneOf(variant(c, c.oneOf(TEMPLATE.buttons())), "Something else", "ext-payload-7");
            case TEXT_REPLY -> c.oneOf("", null, "   ", variant(c, "yes"), "agent");
            default -> c.chance(0.2) ? "Yes" : null;
          };
      edges.add(
          new GraphEdge(
              "e" + edges.size(), "n1", "n2", trigger, trigger.wireName(), value, null, null));
    }
    return edges;
  }

  /** The text as WhatsApp or a builder might spell it: other case, surrounding spaces. */
  private static String variant(Case c, String text) {
    return switch (c.between(0, 3)) {
      case 0 -> text;
      case 1 -> text.toUpperCase(Locale.ROOT);
      case 2 -> "  " + text + " ";
      default -> text.toLowerCase(Locale.ROOT);
    };
  }

  private static InboundEvent event(Case c) {
    String id = "wamid.in-" + c.index();
    return switch (c.between(0, 9)) {
      case 0 -> InboundEvent.deliveryFailed(c.oneOf("wamid.awaited", "wamid.old"), "131026", null);
      case 1, 2, 3 -> InboundEvent.text(id, c.oneOf(variant(c, "yes"), "agent", "hmm", "", null));
      default -> {
        String text =
            c.oneOf(variant(c, c.oneOf(TEMPLATE.buttons())), "Something else", null, "Yes ");
        String payload =
            c.oneOf(
                null,
                variant(c, c.oneOf(TEMPLATE.buttons())),
                "ext-payload-7",
                ConversationIds.buttonPayload(CONVERSATION, 3, c.between(0, 4)),
                ConversationIds.buttonPayload(CONVERSATION, c.oneOf(1, 2, 4), c.between(0, 2)),
                ConversationIds.buttonPayload("other", 3, 0),
                "cf:garbage",
                "cf:a:b:c");
        String context = c.oneOf(null, "wamid.awaited", "wamid.old");
        yield InboundEvent.button(id, text, payload, context);
      }
    };
  }
}
