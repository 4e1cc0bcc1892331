package io.chatflows.workflows.graph;

/**
 * Waits on a durable timer before going on.
 *
 * @param seconds how long: the longer of {@code seconds} and {@code delay_seconds}
 * @param field the key it was read from ({@code seconds} when the node has that key)
 */
public record DelayAction(NodeBase base, long seconds, String field) implements ActionNode {

  static final Field<Long> DELAY_SECONDS =
      Field.seconds("delay_seconds", "Seconds", Limits.DELAY_SECONDS)
          .deprecatedFor("seconds")
          .describe("The older spelling of seconds.");
  static final Field<Long> SECONDS =
      Field.seconds("seconds", "Seconds", Limits.DELAY_SECONDS)
          .requiredUnless(DELAY_SECONDS)
          .describe("How long to wait, up to 30 days.");

  public static final NodeKind<DelayAction> KIND =
      NodeKind.action("delay", DelayAction::read)
          .label("Wait")
          .describe(
              "Waits on a durable timer (it survives restarts) before going on; the contact's"
                  + " replies meanwhile are kept for the next wait.")
          .category(NodeKind.Category.LOGIC)
          .fields(SECONDS, DELAY_SECONDS)
          .outputs(Output.NEXT);

  private static DelayAction read(NodeBase base) {
    return new DelayAction(
        base,
        Math.max(SECONDS.read(base.data()), DELAY_SECONDS.read(base.data())),
        base.data().has(SECONDS.key()) ? SECONDS.key() : DELAY_SECONDS.key());
  }

  @Override
  public NodeKind<DelayAction> kind() {
    return KIND;
  }
}
