package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * A node of a flow, typed by its kind: the kind's settings read out of {@code data} once, by {@link
 * NodeKinds#read}, next to the node as the builder stored it ({@link #base()}).
 *
 * <p>New kinds go here: a record implementing {@link ActionNode} (or this interface, for a kind of
 * its own {@code type}) with its {@link NodeKind} declaration, listed in the {@code permits} clause
 * and in {@link NodeKinds}. See the workflows README, "Adding a node kind".
 *
 * <p>In JSON (the workflow input) a node is its base, {@code {nodeId, nodeType, position, data}},
 * and is read back through {@link NodeKinds#read}, so conversations started on earlier code keep
 * their input.
 */
@JsonSerialize(using = GraphNodeJson.Writer.class)
@JsonDeserialize(using = GraphNodeJson.Reader.class)
public sealed interface GraphNode permits TemplateNode, ConditionNode, ActionNode, UnknownNode {

  NodeBase base();

  /** The declaration of the node's kind. */
  NodeKind<?> kind();

  default String nodeId() {
    return base().nodeId();
  }

  default String nodeType() {
    return base().nodeType();
  }

  default JsonNode position() {
    return base().position();
  }

  default JsonNode data() {
    return base().data();
  }

  /** The flow variables the node sets when it runs (by name). */
  default List<String> variablesSet() {
    return List.of();
  }
}
