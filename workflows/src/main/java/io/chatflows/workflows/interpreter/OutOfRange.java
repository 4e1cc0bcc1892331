package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.graph.Limits;
import io.temporal.workflow.Workflow;

/**
 * What a conversation does with a value of its flow version that lies outside {@link Limits}: such
 * values are refused when a flow is activated, but a version stored before the ranges existed can
 * still hold one. The conversation then uses the nearest value in range (or skips a name MongoDB
 * cannot store) and records an {@code invalid_value} step, instead of failing its workflow task.
 *
 * <p>Versioned on the out-of-range path only: values in range never reach {@code getVersion}, so
 * their commands are unchanged. A conversation that already ran past such a value with the earlier
 * code replays it as it ran (the earlier code used the value as it was).
 */
final class OutOfRange {

  static final String CHANGE = "clamp-out-of-range";

  private OutOfRange() {}

  /** {@code value}, or the nearest value of {@code range} with a recorded step. */
  static long clamp(Steps steps, String nodeId, String field, long value, Limits.Range range) {
    if (range.contains(value) || !applies()) {
      return value;
    }
    long clamped = range.clamp(value);
    steps.invalidValue(nodeId, field + " " + value + " is outside " + range + ": used " + clamped);
    return clamped;
  }

  /**
   * Whether a variable name can be stored (a MongoDB field name); if not, records that the name is
   * skipped.
   */
  static boolean storableName(Steps steps, String nodeId, String field, String name) {
    if ((name != null && Limits.KEY_NAME.matcher(name).matches()) || !applies()) {
      return true;
    }
    steps.invalidValue(nodeId, field + " '" + name + "' cannot name a variable: skipped");
    return false;
  }

  private static boolean applies() {
    return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
