package io.chatflows.api.analytics;

import io.chatflows.store.analytics.FlowCounts;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies of {@code GET /chat-flow/analytics/}. */
public final class AnalyticsPayloads {

  private AnalyticsPayloads() {}

  /** The answer: a {@link Summary} without {@code ?flow=}, a {@link FlowReport} with it. */
  @Schema(
      name = "Analytics",
      anyOf = {Summary.class, FlowReport.class})
  public sealed interface Answer permits Summary, FlowReport {}

  /**
   * Conversations by status. {@code active} = {@code running} + {@code waiting} + {@code
   * with_agent}; {@code ended} is every other status.
   */
  public record Counts(
      long started,
      long active,
      long running,
      long waiting,
      long withAgent,
      long ended,
      long completed,
      long timedOut,
      long failed,
      long cancelled,
      long handedOff,
      long interrupted) {}

  /** Durations of ended conversations in seconds (nearest-rank percentiles); null when none. */
  public record Durations(long count, Double p50, Double p90, Double avg) {}

  /**
   * Time with an agent: handoffs that ended (resumed, ended by the agent, or timed out) and the
   * seconds they spent with an agent; {@code avg} null when none.
   */
  public record AgentTime(long handoffs, long totalSeconds, Double avg) {

    static AgentTime of(FlowCounts counts) {
      return new AgentTime(
          counts.handoffs,
          counts.handoffSeconds,
          counts.handoffs == 0
              ? null
              : Math.round(100.0 * counts.handoffSeconds / counts.handoffs) / 100.0);
    }
  }

  /** One row of the summary: a flow of the workspace. {@code name} is null for a deleted flow. */
  @Schema(name = "FlowAnalyticsSummary")
  public record FlowSummary(
      String flow,
      String name,
      boolean exists,
      Boolean isActive,
      Integer currentVersion,
      Counts conversations,
      Double completionRate,
      Durations durationSeconds,
      AgentTime withAgent) {}

  /** {@code GET /chat-flow/analytics/}: one row per flow. */
  public record Summary(Instant from, Instant to, List<FlowSummary> flows) implements Answer {}

  /**
   * A node's funnel. {@code entered} = {@code exited} + {@code active} + the sum of {@code ended};
   * {@code entered} = {@code starts} + the {@code taken} of the edges into it.
   *
   * @param starts conversations that began here (the start node)
   * @param exited edges taken out of this node
   * @param active open conversations that are at this node now
   * @param ended conversations that ended here, by final status
   * @param droppedOff conversations that ended here other than {@code completed} or {@code
   *     handed_off}: timed out, failed, cancelled or interrupted
   * @param dropOffRate {@code dropped_off / entered}
   */
  public record NodeReport(
      String nodeId,
      String type,
      String label,
      long starts,
      long entered,
      long exited,
      long active,
      Map<String, Long> ended,
      long droppedOff,
      Double dropOffRate,
      long unmatchedReplies,
      long staleClicks) {}

  /** An edge and how often it was taken; trigger and label come from the flow's graph. */
  public record EdgeReport(
      String edgeId,
      String source,
      String target,
      String trigger,
      String triggerValue,
      String label,
      long taken) {}

  /**
   * Delivery outcomes of the messages a node sent ({@code template}, or {@code text} of a {@code
   * send_text} action).
   *
   * @param sent messages WhatsApp (or the sandbox outbox) accepted
   * @param delivered messages with a {@code delivered} or {@code read} status
   * @param read messages with a {@code read} status
   * @param failed accepted messages that later got a {@code failed} status
   * @param rejected sends refused outright (no message was accepted)
   */
  public record MessageReport(
      String nodeId,
      String kind,
      String templateName,
      long sent,
      long delivered,
      long read,
      long failed,
      long rejected) {}

  /**
   * {@code GET /chat-flow/analytics/?flow=}: one flow's execution analytics.
   *
   * @param exists false when the flow was deleted (its conversations still count)
   * @param version the version asked for; null: conversations of every version
   * @param graphVersion the version whose graph names the nodes and edges (the one asked for, else
   *     the flow's current one)
   */
  public record FlowReport(
      String flow,
      String name,
      boolean exists,
      Integer version,
      Integer graphVersion,
      Instant from,
      Instant to,
      Counts conversations,
      Double completionRate,
      Durations durationSeconds,
      AgentTime withAgent,
      long unmatchedReplies,
      long staleClicks,
      List<NodeReport> nodes,
      List<EdgeReport> edges,
      List<MessageReport> messages)
      implements Answer {}
}
