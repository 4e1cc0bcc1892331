package io.chatflows.store.analytics;

import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * Where the analytics counters stand with one conversation: what they need to count its next steps
 * without reading its history again. Stored on the conversation ({@code tally}); a conversation
 * without one has not been counted yet.
 *
 * @param position the node it last entered; null before it entered one
 * @param positionType that node's type, as its entry recorded it
 * @param previousKind the kind of its last recorded step
 * @param previousNode the node of its last recorded step
 * @param arriving the edge it took last when it has not entered the edge's target yet
 */
public record CountedState(
    String position,
    String positionType,
    String previousKind,
    String previousNode,
    String arriving) {

  /** A conversation that recorded no step. */
  public static final CountedState START = new CountedState(null, null, null, null, null);

  /**
   * Counts {@code steps} (the next ones after this state) into {@code into} the way the analytics
   * report reads a history: a node's entries, starts and exits, the edges taken (and which node
   * they led to), unmatched replies and stale clicks, sends refused at a node, sends by node and
   * kind.
   *
   * @return the state after the steps
   */
  public CountedState walk(List<Step> steps, FlowCounts into) {
    String position = this.position;
    String positionType = this.positionType;
    String previousKind = this.previousKind;
    String previousNode = this.previousNode;
    String arriving = this.arriving;
    for (Step step : steps) {
      FlowCounts.NodeCounts node = into.node(step.nodeId());
      switch (step.kind()) {
        case StepKind.NODE_ENTERED -> {
          node.type = step.detail() == null ? node.type : min(node.type, step.detail());
          node.entered++;
          node.starts += position == null ? 1 : 0;
          if (arriving != null) {
            FlowCounts.EdgeCounts edge = into.edge(arriving);
            edge.target = min(edge.target, String.valueOf(step.nodeId()));
          }
          arriving = null;
          position = step.nodeId();
          positionType = step.detail();
        }
        case StepKind.EDGE_TAKEN -> {
          node.exited++;
          arriving = String.valueOf(step.edgeId());
          FlowCounts.EdgeCounts edge = into.edge(arriving);
          edge.source = min(edge.source, String.valueOf(step.nodeId()));
          edge.trigger = step.trigger() == null ? edge.trigger : min(edge.trigger, step.trigger());
          edge.taken++;
        }
        case StepKind.UNMATCHED_REPLY -> {
          node.unmatched++;
          into.unmatched++;
        }
        case StepKind.HANDOFF_ENDED -> {
          into.handoffs++;
          into.handoffSeconds += seconds(step.detail());
        }
        case StepKind.STALE_CLICK -> {
          node.stale++;
          into.stale++;
        }
        case StepKind.SEND_FAILED -> {
          boolean atSend =
              StepKind.NODE_ENTERED.equals(previousKind)
                  && Objects.equals(step.nodeId(), previousNode);
          node.rejected += atSend ? 1 : 0;
        }
        case StepKind.MESSAGE_SENT -> {
          String type = Objects.equals(step.nodeId(), position) ? positionType : null;
          into.message(String.valueOf(step.nodeId()), kindOfSend(type)).sent++;
        }
        default -> {}
      }
      previousKind = step.kind();
      previousNode = step.nodeId();
    }
    return new CountedState(position, positionType, previousKind, previousNode, arriving);
  }

  /** The stored form ({@code tally} of a conversation). */
  public Document toDocument() {
    return new Document("position", position)
        .append("positionType", positionType)
        .append("previousKind", previousKind)
        .append("previousNode", previousNode)
        .append("arriving", arriving);
  }

  /** The stored form read back; null when there is none. */
  public static CountedState of(Document stored) {
    if (stored == null) {
      return null;
    }
    return new CountedState(
        stored.getString("position"),
        stored.getString("positionType"),
        stored.getString("previousKind"),
        stored.getString("previousNode"),
        stored.getString("arriving"));
  }

  /** A template node sends templates, any other node (a {@code send_text} action) texts. */
  public static String kindOfSend(String nodeType) {
    return "template".equals(nodeType) ? "template" : "text";
  }

  private static String min(String a, String b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static long seconds(String detail) {
    try {
      return detail == null ? 0 : Long.parseLong(detail);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
