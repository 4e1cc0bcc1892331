package io.chatflows.store.conversation;

import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which conversations of the projection to read or count: every condition given must hold. Built
 * with {@link #inWorkspace} (or {@link #everywhere}, for the service's own housekeeping).
 *
 * @param workspaceId the workspace; null for every workspace
 * @param channelId the {@code phone_number_id} of the channel it runs on
 * @param currentNodeId the node it is at (its last entered node)
 * @param statuses the statuses it may have; null for any, empty for none
 * @param stuck only those whose workflow task failed repeatedly since their last progress
 * @param waitDeadlineBefore only those whose reply wait timed out before this instant
 * @param startedFrom started at or after this instant
 * @param startedBefore started before this instant
 */
public record ConversationQuery(
    String workspaceId,
    String flowId,
    Integer flowVersion,
    String channelId,
    String contactKey,
    String currentNodeId,
    Set<ConversationStatus> statuses,
    boolean stuck,
    Instant waitDeadlineBefore,
    Instant startedFrom,
    Instant startedBefore) {

  /** Running or waiting: the statuses of a conversation whose workflow still runs. */
  public static final Set<ConversationStatus> OPEN =
      Set.copyOf(
          Arrays.stream(ConversationStatus.values()).filter(ConversationStatus::isOpen).toList());

  public ConversationQuery {
    statuses = statuses == null ? null : Set.copyOf(statuses);
  }

  public static Builder inWorkspace(String workspaceId) {
    return new Builder(workspaceId);
  }

  public static Builder everywhere() {
    return new Builder(null);
  }

  /** Narrows a query step by step; each status condition narrows the statuses further. */
  public static final class Builder {
    private final String workspaceId;
    private String flowId;
    private Integer flowVersion;
    private String channelId;
    private String contactKey;
    private String currentNodeId;
    private EnumSet<ConversationStatus> statuses;
    private boolean stuck;
    private Instant waitDeadlineBefore;
    private Instant startedFrom;
    private Instant startedBefore;

    private Builder(String workspaceId) {
      this.workspaceId = workspaceId;
    }

    public Builder flow(String flowId) {
      this.flowId = flowId;
      return this;
    }

    public Builder flowVersion(Integer flowVersion) {
      this.flowVersion = flowVersion;
      return this;
    }

    /** On the channel with this {@code phone_number_id}. */
    public Builder channel(String phoneNumberId) {
      this.channelId = phoneNumberId;
      return this;
    }

    public Builder contact(String contactKey) {
      this.contactKey = contactKey;
      return this;
    }

    /** At this node (the last it entered). */
    public Builder node(String nodeId) {
      this.currentNodeId = nodeId;
      return this;
    }

    /** In this status; null leaves the statuses as they are. */
    public Builder status(ConversationStatus status) {
      return status == null ? this : statuses(EnumSet.of(status));
    }

    /** Running or waiting. */
    public Builder open() {
      return statuses(EnumSet.copyOf(OPEN));
    }

    /** Open, and its workflow task failed repeatedly since its last progress. */
    public Builder stuck() {
      this.stuck = true;
      return open();
    }

    /** Waiting for a reply whose timeout ended before {@code cutoff}. */
    public Builder waitingPast(Instant cutoff) {
      this.waitDeadlineBefore = cutoff;
      return status(ConversationStatus.WAITING);
    }

    /** Started in {@code [from, to)}; a null end is open. */
    public Builder startedBetween(Instant from, Instant to) {
      this.startedFrom = from;
      this.startedBefore = to;
      return this;
    }

    private Builder statuses(EnumSet<ConversationStatus> allowed) {
      if (statuses == null) {
        statuses = allowed;
      } else {
        statuses.retainAll(allowed);
      }
      return this;
    }

    public ConversationQuery build() {
      return new ConversationQuery(
          workspaceId,
          flowId,
          flowVersion,
          channelId,
          contactKey,
          currentNodeId,
          statuses,
          stuck,
          waitDeadlineBefore,
          startedFrom,
          startedBefore);
    }
  }
}
