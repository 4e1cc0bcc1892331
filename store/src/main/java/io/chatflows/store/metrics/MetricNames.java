package io.chatflows.store.metrics;

import java.util.Set;

/**
 * The names of the Micrometer meters Chat Flows records, shared by the api and the worker.
 * Prometheus shows them with dots as underscores and counters with {@code _total}. Tags are kept to
 * small, fixed sets of values: never a contact, message, conversation or flow id.
 */
public final class MetricNames {

  /** Counter, tag {@code source} = {@code api} | {@code webhook}; recorded by the api. */
  public static final String CONVERSATIONS_STARTED = "chatflow.conversations.started";

  /** Counter, tag {@code outcome} = the final status; recorded where the conversation ended. */
  public static final String CONVERSATIONS_ENDED = "chatflow.conversations.ended";

  /** Gauge: open (running or waiting) conversations; recorded by the api. */
  public static final String CONVERSATIONS_ACTIVE = "chatflow.conversations.active";

  /** Counter, tag {@code type} = the node type; recorded by the worker. */
  public static final String NODE_ENTRIES = "chatflow.node.entries";

  /** Counter, tag {@code trigger} = the edge's trigger; recorded by the worker. */
  public static final String EDGES_TAKEN = "chatflow.edges.taken";

  /** Counter, tags {@code kind}, {@code outcome}, {@code mode}; one per send attempt (worker). */
  public static final String MESSAGES_SENT = "chatflow.messages.sent";

  /** Node types a tag may name; anything else is reported as {@code other}. */
  public static final Set<String> NODE_TYPES = Set.of("template", "condition", "action");

  private MetricNames() {}

  /** {@code value} when it is one of {@code known}, else {@code other}: bounded tag values. */
  public static String bounded(String value, Set<String> known) {
    return value != null && known.contains(value) ? value : "other";
  }
}
