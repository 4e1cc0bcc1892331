package io.chatflows.workflows.graph;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** What a condition node's rules are checked against: its {@code subject}. */
public enum ConditionSubject {
  REPLY("Last reply", "The contact's last reply: the text, or the button's text.", false),
  VARIABLE("Variable", "The flow variable named by the node's key.", true),
  ATTRIBUTE("Contact attribute", "The contact attribute named by the node's key.", true),
  TAGS("Contact tags", "The contact's tags: a rule holds when it holds for any tag.", false);

  private final String label;
  private final String description;
  private final boolean needsKey;

  ConditionSubject(String label, String description, boolean needsKey) {
    this.label = label;
    this.description = description;
    this.needsKey = needsKey;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** Whether the node names a variable or attribute in its {@code key}. */
  public boolean needsKey() {
    return needsKey;
  }

  /** The subject a node names; {@code null} when it names an unknown one. */
  public static ConditionSubject fromWire(String subject) {
    for (ConditionSubject candidate : values()) {
      if (candidate.wireName().equals(subject)) {
        return candidate;
      }
    }
    return null;
  }

  /** What a running conversation knows that a condition can be checked against. */
  public record Facts(
      String lastReply,
      Map<String, String> variables,
      Map<String, String> attributes,
      Collection<String> tags) {}

  /** Whether the rule {@code operator value} holds for this subject ({@code key} names it). */
  public boolean holds(String operator, String value, String key, Facts facts) {
    return switch (this) {
      case TAGS -> Operator.holdsForTags(operator, facts.tags(), value);
      case VARIABLE -> Operator.holds(operator, facts.variables().get(key), value);
      case ATTRIBUTE -> Operator.holds(operator, facts.attributes().get(key), value);
      case REPLY -> Operator.holds(operator, facts.lastReply(), value);
    };
  }
}
