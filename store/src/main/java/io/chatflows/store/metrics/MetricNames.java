package io.chatflows.store.metrics;

import java.util.List;
import java.util.Set;

/**
 * The names of the Micrometer meters Chat Flows records, shared by the api and the worker, and the
 * label values each may take. Prometheus shows them with dots as underscores, counters with {@code
 * _total} and timers in seconds. Labels take small, bounded sets of values: never a contact,
 * message or conversation id; a flow id only through {@link FlowLabels}, which caps how many there
 * are.
 *
 * <p>Counters whose label values are known up front are registered at zero when the process starts
 * (flow-labelled ones when the process first meets the flow), so {@code rate()} and {@code
 * increase()} see each series' first event.
 */
public final class MetricNames {

  /** Counter, tags {@code flow}, {@code source} = {@link #START_SOURCES}; recorded by the api. */
  public static final String CONVERSATIONS_STARTED = "chatflow.conversations.started";

  /** Counter, tags {@code flow}, {@code outcome} = the final status; where it ended. */
  public static final String CONVERSATIONS_ENDED = "chatflow.conversations.ended";

  /** Gauge, tags {@code flow}, {@code status} = running | waiting; recorded by the api. */
  public static final String CONVERSATIONS_ACTIVE = "chatflow.conversations.active";

  /** Gauge, tag {@code flow}: seconds since the oldest waiting conversation started (api). */
  public static final String CONVERSATIONS_OLDEST_WAITING = "chatflow.conversations.oldest.waiting";

  /** Gauge, tag {@code flow}: waiting conversations whose reply timeout passed long ago (api). */
  public static final String CONVERSATIONS_OVERDUE = "chatflow.conversations.overdue";

  /** Gauge, tag {@code flow}: open conversations whose workflow task keeps failing (api). */
  public static final String CONVERSATIONS_STUCK = "chatflow.conversations.stuck";

  /** Counter, tags {@code flow}, {@code type} = {@link #NODE_TYPES} or other; by the worker. */
  /**
   * Seconds conversations spent with an agent, per handoff ({@code flow}, {@code outcome} = resumed
   * | ended | timeout).
   */
  public static final String HANDOFF_SECONDS = "chatflow.handoff.seconds";

  public static final String NODE_ENTRIES = "chatflow.node.entries";

  /** Counter, tags {@code flow}, {@code trigger} = the edge's trigger; by the worker. */
  public static final String EDGES_TAKEN = "chatflow.edges.taken";

  /** Counter, tags {@code flow}, {@code kind} = {@link #UNMATCHED_KINDS}; by the worker. */
  public static final String REPLIES_UNMATCHED = "chatflow.replies.unmatched";

  /**
   * Counter, tags {@code kind} = template | text, {@code outcome} = {@link #SEND_OUTCOMES}, {@code
   * mode}; one per send attempt (worker).
   */
  public static final String MESSAGES_SENT = "chatflow.messages.sent";

  /** Timer (histogram), tags {@code kind}, {@code outcome}: one send attempt, end to end. */
  public static final String MESSAGE_SEND = "chatflow.message.send";

  /**
   * Counter, tags {@code code} = {@link #ERROR_CODES} or other, {@code source} = send (the Graph
   * API refused a send; worker) | status (a {@code failed} status reported it; api).
   */
  public static final String MESSAGE_ERRORS = "chatflow.message.errors";

  /** Counter, tag {@code status} = {@link #STATUS_VALUES}: statuses recorded once each (api). */
  public static final String MESSAGE_STATUSES = "chatflow.message.statuses";

  /** Gauge, tag {@code dependency} = mongodb | temporal: 1 when the last probe answered. */
  public static final String DEPENDENCY_UP = "chatflow.dependency.up";

  /** Node types a tag may name; anything else is reported as {@code other}. */
  public static final Set<String> NODE_TYPES = Set.of("template", "condition", "action");

  public static final List<String> START_SOURCES = List.of("api", "webhook");

  /** How a reply that moved no edge is counted: no edge matched, an old message, after the end. */
  public static final List<String> UNMATCHED_KINDS =
      List.of("unmatched", "stale_click", "after_end");

  /** {@code window_closed}: a free-form text outside the 24-hour window, refused before sending. */
  public static final List<String> SEND_OUTCOMES =
      List.of("sent", "retryable_error", "permanent_error", "window_closed");

  public static final List<String> STATUS_VALUES = List.of("sent", "delivered", "read", "failed");

  /**
   * WhatsApp error codes a label may name; any other code is {@code other}. Besides these, {@code
   * http_429}, {@code http_5xx} and {@code unreachable} describe failures without a WhatsApp code.
   */
  public static final List<String> ERROR_CODES =
      List.of(
          "4",
          "10",
          "100",
          "190",
          "200",
          "368",
          "80007",
          "130429",
          "130472",
          "131000",
          "131005",
          "131008",
          "131009",
          "131016",
          "131021",
          "131026",
          "131031",
          "131042",
          "131045",
          "131047",
          "131049",
          "131050",
          "131051",
          "131052",
          "131053",
          "131056",
          "132000",
          "132001",
          "132005",
          "132007",
          "132012",
          "132015",
          "132016",
          "133010",
          "http_429",
          "http_5xx",
          "unreachable",
          "other");

  private MetricNames() {}

  /** {@code value} when it is one of {@code known}, else {@code other}: bounded tag values. */
  public static String bounded(String value, Set<String> known) {
    return value != null && known.contains(value) ? value : "other";
  }

  /** A WhatsApp error code as a bounded label value. */
  public static String errorCode(Object code) {
    String value = code == null ? null : code.toString();
    return value != null && ERROR_CODES.contains(value) ? value : "other";
  }
}
