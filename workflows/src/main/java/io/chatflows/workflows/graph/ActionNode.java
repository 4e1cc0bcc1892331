package io.chatflows.workflows.graph;

/**
 * A node of {@code type: action}, typed by its {@code data.action}. Every action kind is one record
 * here; a new action kind is a new record (see {@link GraphNode}).
 */
public sealed interface ActionNode extends GraphNode
    permits AssignAction,
        TagAction,
        UntagAction,
        SetVariableAction,
        SetAttributeAction,
        WebhookAction,
        DelayAction,
        SendTextAction,
        HandoffAction,
        EndAction {

  /** The {@code type} of every action node. */
  String TYPE = "action";
}
