package io.chatflows.workflows.graph;

/**
 * An edge normalized out of {@code flow_data}; {@code source}/{@code target} are graph ids.
 *
 * @param trigger the parsed trigger, {@code null} when {@code rawTrigger} names no known trigger
 * @param rawTrigger the trigger text as the builder wrote it
 * @param operator the comparison of a {@code condition} edge as written ({@code equals} when
 *     absent, see {@link #comparison()})
 */
public record GraphEdge(
    String edgeId,
    String source,
    String target,
    Trigger trigger,
    String rawTrigger,
    String triggerValue,
    String operator,
    String label) {

  /** The edge's operator: {@code equals} when it names none, {@code null} when it is unknown. */
  public Operator comparison() {
    return Operator.fromWire(operator);
  }
}
