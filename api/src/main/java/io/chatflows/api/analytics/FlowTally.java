package io.chatflows.api.analytics;

import io.chatflows.store.analytics.FlowCounts;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import java.util.List;
import java.util.Objects;

/**
 * Replays the recorded step histories of one flow's conversations into per-node and per-edge
 * counts. A history alternates {@code node_entered} and {@code edge_taken}, so a node's entries are
 * its exits plus the conversations that are (or ended) there, and the entries of a node are the
 * edges taken into it plus the conversations that started there.
 *
 * <p>The counters ({@code store/.../analytics/}) keep the same counts as each step is recorded;
 * this replay answers the parts of a time range that do not cover whole hours, and is the reference
 * the counters are tested against.
 */
final class FlowTally {

  private final FlowCounts counts;
  private final StatusTally statuses;

  FlowTally(FlowCounts counts) {
    this.counts = counts;
    this.statuses = new StatusTally(counts);
  }

  void add(ConversationDocument conversation) {
    statuses.add(conversation);
    String position = null;
    Step previous = null;
    FlowCounts.EdgeCounts arriving = null;
    for (Step step : conversation.steps() == null ? List.<Step>of() : conversation.steps()) {
      FlowCounts.NodeCounts node = counts.node(step.nodeId());
      switch (step.kind()) {
        case StepKind.NODE_ENTERED -> {
          node.type = node.type != null ? node.type : step.detail();
          node.entered++;
          node.starts += position == null ? 1 : 0;
          if (arriving != null && arriving.target == null) {
            arriving.target = step.nodeId();
          }
          arriving = null;
          position = step.nodeId();
        }
        case StepKind.EDGE_TAKEN -> {
          node.exited++;
          arriving = counts.edge(step.edgeId());
          arriving.source = arriving.source != null ? arriving.source : step.nodeId();
          arriving.trigger = arriving.trigger != null ? arriving.trigger : step.trigger();
          arriving.taken++;
        }
        case StepKind.UNMATCHED_REPLY -> {
          node.unmatched++;
          counts.unmatched++;
        }
        case StepKind.STALE_CLICK -> {
          node.stale++;
          counts.stale++;
        }
        case StepKind.SEND_FAILED -> {
          boolean atSend =
              previous != null
                  && StepKind.NODE_ENTERED.equals(previous.kind())
                  && Objects.equals(previous.nodeId(), step.nodeId());
          node.rejected += atSend ? 1 : 0;
        }
        default -> {}
      }
      previous = step;
    }
    if (position != null) {
      FlowCounts.NodeCounts at = counts.node(position);
      if (conversation.isOpen()) {
        at.active++;
      } else {
        at.ended.merge(conversation.status().wireName(), 1L, Long::sum);
      }
    }
  }
}
