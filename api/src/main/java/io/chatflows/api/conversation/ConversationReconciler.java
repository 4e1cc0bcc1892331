package io.chatflows.api.conversation;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Brings the conversation projection in line with Temporal: an open conversation whose run chain is
 * not the one its workflow id is running (lost with an in-memory Temporal server, replaced, or
 * never started because the process that inserted it stopped first) is marked {@code interrupted}.
 * Each conversation is checked by its own chain ({@link ConversationRuns}), so a contact's later
 * conversation never keeps an earlier one open, nor the other way round.
 */
@Service
public class ConversationReconciler {

  /**
   * How long a conversation without a recorded run id may still be in the middle of its start
   * (inserted, its workflow not started or its run id not recorded yet) before it counts as lost.
   */
  static final Duration START_GRACE = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ConversationReconciler.class);
  private static final int BATCH = 500;

  private final ConversationStore conversations;
  private final ConversationRuns runs;
  private final ConversationMeters meters;

  public ConversationReconciler(
      ConversationStore conversations, ConversationRuns runs, ConversationMeters meters) {
    this.conversations = conversations;
    this.runs = runs;
    this.meters = meters;
  }

  /** Every open conversation is gone (the Temporal server started empty). */
  public long markAllOpenInterrupted() {
    Map<String, Long> byFlow =
        conversations.countByFlow(ConversationQuery.everywhere().open().build());
    long interrupted = conversations.markOpenAs(ConversationStatus.INTERRUPTED);
    byFlow.forEach((flowId, count) -> meters.ended(flowId, ConversationStatus.INTERRUPTED, count));
    if (interrupted > 0) {
      log.warn(
          "{} conversations were lost with the previous embedded Temporal server; marked interrupted",
          interrupted);
    }
    return interrupted;
  }

  /** Checks each open conversation's run chain and marks the lost ones; returns how many. */
  public long reconcile() {
    long interrupted = 0;
    List<ConversationDocument> open =
        conversations.list(ConversationQuery.everywhere().open().build(), 0, BATCH);
    for (ConversationDocument conversation : open) {
      if (!mayStillBeStarting(conversation)
          && !running(conversation)
          && conversations.closeIfOpen(conversation.id(), ConversationStatus.INTERRUPTED)) {
        meters.ended(conversation.flowId(), ConversationStatus.INTERRUPTED, 1);
        interrupted++;
      }
    }
    if (interrupted > 0) {
      log.warn("{} conversations no longer run in Temporal; marked interrupted", interrupted);
    }
    return interrupted;
  }

  /** A conversation without a run id, inserted within {@link #START_GRACE}. */
  static boolean mayStillBeStarting(ConversationDocument conversation) {
    return conversation.runId() == null
        && conversation.startedAt().isAfter(Instant.now().minus(START_GRACE));
  }

  private boolean running(ConversationDocument conversation) {
    if (conversation.runId() != null) {
      return runs.isRunning(conversation.workflowId(), conversation.runId());
    }
    Optional<String> chain = runs.findChain(conversation);
    chain.ifPresent(c -> conversations.setRunId(conversation.id(), c));
    return chain.isPresent();
  }
}
