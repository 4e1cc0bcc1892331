package io.chatflows.api.flow;

/**
 * Which flows of a workspace to list, and in which order.
 *
 * @param active only active (true) or inactive (false) flows; null for both
 * @param nameContains a text the name contains, in any case; null for any name
 */
public record FlowQuery(String workspaceId, Boolean active, String nameContains, Order order) {

  /** By the time of the last change: {@code -updated_at} and {@code updated_at}. */
  public enum Order {
    LATEST_UPDATE_FIRST,
    EARLIEST_UPDATE_FIRST
  }
}
