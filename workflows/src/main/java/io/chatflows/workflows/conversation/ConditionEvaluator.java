package io.chatflows.workflows.conversation;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates a condition edge's rule against the node's subject. Text comparisons are trimmed and
 * case-insensitive. Pure and deterministic: regex matching runs on a step budget rather than a
 * clock, so catastrophic patterns fail the same way on every replay.
 */
public final class ConditionEvaluator {

  /** Operators a condition edge may use; {@code equals} when the edge names none. */
  public static final java.util.List<String> OPERATORS =
      java.util.List.of(
          "equals",
          "not_equals",
          "contains",
          "starts_with",
          "matches",
          "greater_than",
          "less_than",
          "in",
          "is_set");

  /** How many characters a regex may read before it is given up as too expensive. */
  static final int REGEX_BUDGET = 100_000;

  private ConditionEvaluator() {}

  /**
   * Evaluates a rule on a single value ({@code value} may be {@code null}: not set).
   *
   * @return whether the rule holds; unknown operators and bad patterns never hold
   */
  public static boolean holds(String operator, String value, String expected) {
    String op = operator == null || operator.isBlank() ? "equals" : operator;
    if ("is_set".equals(op)) {
      return value != null && !value.isBlank();
    }
    if (value == null) {
      return "not_equals".equals(op);
    }
    String subject = normalize(value);
    String wanted = expected == null ? "" : normalize(expected);
    return switch (op) {
      case "equals" -> subject.equals(wanted);
      case "not_equals" -> !subject.equals(wanted);
      case "contains" -> subject.contains(wanted);
      case "starts_with" -> subject.startsWith(wanted);
      case "in" -> Arrays.stream(wanted.split(",")).map(String::trim).anyMatch(subject::equals);
      case "greater_than" -> compare(value, expected) > 0;
      case "less_than" -> compare(value, expected) < 0;
      case "matches" -> matches(value.trim(), expected);
      default -> false;
    };
  }

  /** Evaluates a rule on the contact's tags: the rule holds when it holds for any tag. */
  public static boolean holdsForTags(String operator, Collection<String> tags, String expected) {
    String op = operator == null || operator.isBlank() ? "equals" : operator;
    if ("is_set".equals(op)) {
      return expected == null || expected.isBlank()
          ? !tags.isEmpty()
          : tags.stream().anyMatch(t -> normalize(t).equals(normalize(expected)));
    }
    if ("not_equals".equals(op)) {
      return tags.stream().noneMatch(t -> holds("equals", t, expected));
    }
    return tags.stream().anyMatch(t -> holds(op, t, expected));
  }

  private static String normalize(String text) {
    return text.trim().toLowerCase(Locale.ROOT);
  }

  /** Numeric when both sides are numbers, else text order; unparsable numbers never hold. */
  private static int compare(String value, String expected) {
    try {
      return new BigDecimal(value.trim()).compareTo(new BigDecimal(expected.trim()));
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  private static boolean matches(String value, String regex) {
    if (regex == null) {
      return false;
    }
    try {
      Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
      return pattern.matcher(new BudgetedText(value, REGEX_BUDGET)).find();
    } catch (PatternSyntaxException | BudgetedText.BudgetExceeded e) {
      return false;
    }
  }

  /** Text that stops a regex engine after a fixed number of character reads. */
  static final class BudgetedText implements CharSequence {
    private final String text;
    private final int[] remaining;

    BudgetedText(String text, int budget) {
      this(text, new int[] {budget});
    }

    private BudgetedText(String text, int[] remaining) {
      this.text = text;
      this.remaining = remaining;
    }

    @Override
    public char charAt(int index) {
      if (--remaining[0] < 0) {
        throw new BudgetExceeded();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedText(text.substring(start, end), remaining);
    }

    @Override
    public String toString() {
      return text;
    }

    static final class BudgetExceeded extends RuntimeException {
      BudgetExceeded() {
        super("regex evaluation budget exceeded", null, false, false);
      }
    }
  }
}
