package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The declaration of a node kind: how a node of it is recognised ({@code type}, and {@code
 * data.action} for actions), what its fields are, which handles it has, whether it waits for the
 * contact, how it is read and what else the validator checks. The palette, forms and README
 * reference are made from it.
 *
 * @param <N> the node record of the kind
 */
public final class NodeKind<N extends GraphNode> {

  /** Where the builder's palette groups a kind. */
  public enum Category {
    MESSAGE,
    LOGIC,
    ACTION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether a node of the kind waits for the contact. */
  public enum Waits {
    NEVER,
    ALWAYS,
    /** When it has an edge whose trigger waits for the contact ({@code button_click}, ...). */
    WITH_REPLY_EDGES;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String type;
  private final String action;
  private final Function<NodeBase, N> reader;
  private String label;
  private String description;
  private Category category = Category.ACTION;
  private Waits waits = Waits.NEVER;
  private final List<Field<?>> fields = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();
  private BiConsumer<N, FieldCheck> rules = (node, check) -> {};

  private NodeKind(String type, String action, Function<NodeBase, N> reader) {
    this.type = type;
    this.action = action;
    this.reader = reader;
  }

  /** A kind with a {@code type} of its own. */
  static <N extends GraphNode> NodeKind<N> ofType(String type, Function<NodeBase, N> reader) {
    return new NodeKind<>(type, null, reader);
  }

  /** An action kind: {@code type: action} with this {@code data.action}. */
  static <N extends ActionNode> NodeKind<N> action(String action, Function<NodeBase, N> reader) {
    NodeKind<N> kind = new NodeKind<>(ActionNode.TYPE, action, reader);
    kind.fields.add(
        Field.text("action", "Action").required().choices(action).describe("Always " + action));
    return kind;
  }

  NodeKind<N> label(String label) {
    this.label = label;
    return this;
  }

  NodeKind<N> describe(String description) {
    this.description = description;
    return this;
  }

  NodeKind<N> category(Category category) {
    this.category = category;
    return this;
  }

  NodeKind<N> waits(Waits waits) {
    this.waits = waits;
    return this;
  }

  NodeKind<N> fields(Field<?>... fields) {
    this.fields.addAll(List.of(fields));
    return this;
  }

  NodeKind<N> outputs(Output... outputs) {
    this.outputs.addAll(List.of(outputs));
    return this;
  }

  /** Checks beyond single fields (one field requires another, names it reads, ...). */
  NodeKind<N> rules(BiConsumer<N, FieldCheck> rules) {
    this.rules = rules;
    return this;
  }

  /** {@code template}, {@code condition}, or {@code action.<name>} for actions. */
  public String id() {
    return action == null ? type : type + "." + action;
  }

  public String type() {
    return type;
  }

  /** The {@code data.action} of an action kind, else {@code null}. */
  public String action() {
    return action;
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  public Category category() {
    return category;
  }

  public Waits waits() {
    return waits;
  }

  public List<Field<?>> fields() {
    return List.copyOf(fields);
  }

  public List<Output> outputs() {
    return List.copyOf(outputs);
  }

  /** Whether a node of the kind can have an edge with this trigger. */
  public boolean hasOutput(Trigger trigger) {
    return outputs.stream().anyMatch(o -> o.trigger() == trigger);
  }

  N read(NodeBase base) {
    return reader.apply(base);
  }

  /** Reports what is wrong with the fields of a node of this kind. */
  void check(GraphNode node, FieldCheck check) {
    for (Field<?> field : fields) {
      if (!isActionField(field)) {
        check.check(field, node.data());
      }
    }
    @SuppressWarnings("unchecked")
    N typed = (N) node;
    rules.accept(typed, check);
  }

  /** The {@code action} field of an action kind: what makes a node one of this kind. */
  boolean isActionField(Field<?> field) {
    return action != null && field.key().equals("action");
  }
}
