package io.chatflows.workflows.graph;

/**
 * An edge normalized out of {@code flow_data}; {@code source}/{@code target} are graph ids.
 *
 * @param trigger the parsed trigger, {@code null} when {@code rawTrigger} names no known trigger
 * @param rawTrigger the trigger text as the builder wrote it
 * @param operator the comparison of a {@code condition} edge ({@code equals} when absent)
 */
public record GraphEdge(
    String edgeId,
    String source,
    String target,
    Trigger trigger,
    String rawTrigger,
    String triggerValue,
    String operator,
    String label) {}
