package io.chatflows.api.trigger;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a contact's message is compared with keywords. Both sides are normalised the same way:
 * Unicode decomposition with the combining marks removed ("Menú" and "menu" are one keyword), case
 * folded, whitespace trimmed and collapsed to single spaces.
 *
 * <ul>
 *   <li>{@code exact}: the whole normalised message is the keyword.
 *   <li>{@code contains}: the keyword occurs as a whole word or phrase: the characters either side
 *       of it are not letters or digits ("menu" is in "show me the menu!" but not in "menus").
 *   <li>{@code regex}: the pattern (with its accents removed, matched case-insensitively) is found
 *       anywhere in the normalised message; anchor it with {@code ^...$} to match the whole.
 * </ul>
 *
 * <p>A regular expression runs on what a contact sent, so a pattern with catastrophic backtracking
 * must not stall the webhook: patterns are bounded in length, the message in length, and each match
 * reads the message through a {@link Deadline} that gives up after {@link #REGEX_BUDGET_NANOS}
 * (reading as "no match").
 */
public final class TriggerText {

  /** How much of a message is compared: WhatsApp's own limit for a text message. */
  static final int MAX_MESSAGE_LENGTH = 4_096;

  /** How long one regular expression may work on one message. */
  static final long REGEX_BUDGET_NANOS = 20_000_000L;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private TriggerText() {}

  /** The text as keywords compare it; {@code null} reads as empty. */
  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    String bounded =
        text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) : text;
    String stripped = stripAccents(bounded).toLowerCase(Locale.ROOT);
    return SPACES.matcher(stripped).replaceAll(" ").trim();
  }

  /** The text without its combining marks; case and regular-expression syntax stay as they are. */
  static String stripAccents(String text) {
    return MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
  }

  /** Compiles a keyword pattern the way {@link #regexMatches} runs it. */
  static Pattern compile(String pattern) {
    return Pattern.compile(stripAccents(pattern), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** Whether the normalised message is the normalised keyword. */
  static boolean exactMatches(String normalizedMessage, String normalizedKeyword) {
    return !normalizedKeyword.isEmpty() && normalizedMessage.equals(normalizedKeyword);
  }

  /** Whether the normalised keyword occurs in the normalised message as a whole word or phrase. */
  static boolean containsMatches(String normalizedMessage, String normalizedKeyword) {
    if (normalizedKeyword.isEmpty()) {
      return false;
    }
    for (int at = normalizedMessage.indexOf(normalizedKeyword);
        at >= 0;
        at = normalizedMessage.indexOf(normalizedKeyword, at + 1)) {
      int end = at + normalizedKeyword.length();
      if (boundary(normalizedMessage, at - 1) && boundary(normalizedMessage, end)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the pattern is found in the normalised message within {@link #REGEX_BUDGET_NANOS}; a
   * match that runs out of time is no match.
   */
  static boolean regexMatches(String normalizedMessage, Pattern pattern) {
    try {
      return pattern
          .matcher(new Deadline(normalizedMessage, System.nanoTime() + REGEX_BUDGET_NANOS))
          .find();
    } catch (Deadline.Expired e) {
      return false;
    }
  }

  private static boolean boundary(String text, int index) {
    if (index < 0 || index >= text.length()) {
      return true;
    }
    return !Character.isLetterOrDigit(text.charAt(index));
  }

  /**
   * The message as the regex engine reads it, character by character: past the deadline a read
   * throws, which ends even a backtracking explosion (every step of the engine reads a character).
   */
  static final class Deadline implements CharSequence {

    static final class Expired extends RuntimeException {
      Expired() {
        super("regular expression ran out of time", null, false, false);
      }
    }

    private final String text;
    private final long deadline;
    private int reads;

    Deadline(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFF) == 0 && System.nanoTime() > deadline) {
        throw new Expired();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadline(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
