package io.chatflows.workflows.graph;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The comparison of a {@code condition} edge (its {@code operator}, {@code equals} when it names
 * none) and how it is evaluated. Text comparisons are trimmed and case-insensitive. Pure and
 * deterministic, so safe in workflow code: a regex runs on a budget of character reads rather than
 * a clock, so a catastrophic pattern fails the same way on every replay.
 */
public enum Operator {
  EQUALS("equals", "The same text, ignoring case and surrounding spaces.", true),
  NOT_EQUALS("is not", "Not the same text; holds when the subject is not set.", true),
  CONTAINS("contains", "The subject contains the value.", true),
  STARTS_WITH("starts with", "The subject starts with the value.", true),
  MATCHES(
      "matches",
      "The regular expression (Java syntax, any case) finds a match; gives up after 100,000"
          + " character reads.",
      true),
  GREATER_THAN("greater than", "Both are numbers and the subject is greater.", true),
  LESS_THAN("less than", "Both are numbers and the subject is less.", true),
  IN("is one of", "The subject is one of the comma-separated values.", true),
  IS_SET(
      "is set",
      "The subject has a non-blank value; with a value, for tags: the contact has that tag.",
      false);

  /** How many characters a regex may read before it is given up as too expensive. */
  public static final int REGEX_BUDGET = 100_000;

  private final String label;
  private final String description;
  private final boolean needsValue;

  Operator(String label, String description, boolean needsValue) {
    this.label = label;
    this.description = description;
    this.needsValue = needsValue;
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

  public boolean needsValue() {
    return needsValue;
  }

  /** An edge's operator: {@code equals} when it names none, {@code null} when it is unknown. */
  public static Operator fromWire(String operator) {
    if (operator == null) {
      return EQUALS;
    }
    for (Operator candidate : values()) {
      if (candidate.wireName().equals(operator)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The operator a conversation applies: a blank one is {@code equals}, unknown ones never hold.
   */
  private static Operator applied(String operator) {
    return operator == null || operator.isBlank() ? EQUALS : fromWire(operator);
  }

  /**
   * Evaluates a rule on a single value ({@code value} may be {@code null}: not set).
   *
   * @return whether the rule holds; unknown operators and bad patterns never hold
   */
  public static boolean holds(String operator, String value, String expected) {
    Operator op = applied(operator);
    return op != null && op.holds(value, expected);
  }

  /** Evaluates the rule on a single value ({@code null}: not set). */
  public boolean holds(String value, String expected) {
    if (this == IS_SET) {
      return value != null && !value.isBlank();
    }
    if (value == null) {
      return this == NOT_EQUALS;
    }
    String subject = normalize(value);
    String wanted = expected == null ? "" : normalize(expected);
    return switch (this) {
      case EQUALS -> subject.equals(wanted);
      case NOT_EQUALS -> !subject.equals(wanted);
      case CONTAINS -> subject.contains(wanted);
      case STARTS_WITH -> subject.startsWith(wanted);
      case IN -> Arrays.stream(wanted.split(",")).map(String::trim).anyMatch(subject::equals);
      case GREATER_THAN -> compare(value, expected) > 0;
      case LESS_THAN -> compare(value, expected) < 0;
      case MATCHES -> matches(value.trim(), expected);
      case IS_SET -> true;
    };
  }

  /** Evaluates a rule on the contact's tags: the rule holds when it holds for any tag. */
  public static boolean holdsForTags(String operator, Collection<String> tags, String expected) {
    Operator op = applied(operator);
    if (op == IS_SET) {
      return expected == null || expected.isBlank()
          ? !tags.isEmpty()
          : tags.stream().anyMatch(t -> normalize(t).equals(normalize(expected)));
    }
    if (op == NOT_EQUALS) {
      return tags.stream().noneMatch(t -> EQUALS.holds(t, expected));
    }
    return op != null && tags.stream().anyMatch(t -> op.holds(t, expected));
  }

  /** What is wrong with the value of an edge with this operator, or {@code null}. */
  String valueProblem(String value) {
    if (this != MATCHES) {
      return null;
    }
    try {
      Pattern.compile(String.valueOf(value));
      return null;
    } catch (PatternSyntaxException e) {
      return "'" + value + "' is not a valid regular expression";
    }
  }

  private static String normalize(String text) {
    return text.trim().toLowerCase(Locale.ROOT);
  }

  /** Numeric when both sides are numbers; otherwise 0, so neither comparison holds. */
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

  /**
   * Whether the whole of {@code value} matches {@code regex} (case-sensitive), on the same budget
   * of character reads as the {@code regex} operator: a pattern that cannot compile or runs out of
   * budget matches nothing.
   */
  public static boolean matchesWhole(String value, String regex) {
    if (value == null || regex == null) {
      return false;
    }
    try {
      return Pattern.compile(regex).matcher(new BudgetedText(value, REGEX_BUDGET)).matches();
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
