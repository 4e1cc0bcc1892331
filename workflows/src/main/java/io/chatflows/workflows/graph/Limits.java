package io.chatflows.workflows.graph;

import java.util.regex.Pattern;

/**
 * The documented range of every number and the bound of every name and text a flow, a template or a
 * request carries, in one table. The validator and the API refuse what lies outside; the
 * conversation workflow clamps a number that an already stored flow version holds outside its range
 * (and records that it did), so no value can make a workflow task fail.
 */
public final class Limits {

  private Limits() {}

  /** An inclusive range of whole numbers. */
  public record Range(long min, long max) {

    public boolean contains(long value) {
      return value >= min && value <= max;
    }

    public long clamp(long value) {
      return Math.max(min, Math.min(max, value));
    }

    @Override
    public String toString() {
      return min + ".." + max;
    }
  }

  private static final long DAY = 24 * 60 * 60;

  /** A template node's {@code timeout_seconds} and a flow's {@code reply_timeout_seconds}. */
  public static final Range REPLY_TIMEOUT_SECONDS = new Range(1, 30 * DAY);

  /** A delay action's {@code seconds} / {@code delay_seconds}: 0 (no wait) to 30 days. */
  public static final Range DELAY_SECONDS = new Range(0, 30 * DAY);

  /**
   * How often a waiting node answers a reply it does not understand (a question: an invalid answer)
   * with a re-prompt before it takes its {@code no_match} (or {@code invalid}) edge.
   */
  public static final Range REPROMPTS = new Range(0, 10);

  /** The options of a question of type {@code options}, and the length of each. */
  public static final int QUESTION_OPTIONS = 10;

  public static final int QUESTION_OPTION_LENGTH = 100;

  /** {@code page} of list endpoints (the page size has its own, configurable maximum). */
  public static final Range PAGE = new Range(1, 1_000_000);

  /** A flow version number in a query ({@code version} of analytics). */
  public static final Range VERSION = new Range(1, Integer.MAX_VALUE);

  /**
   * Instants in queries and webhooks, as epoch seconds: 1970-01-01T00:00:00Z to
   * 9999-12-31T23:59:59Z, the years an ISO-8601 date writes with four digits and MongoDB stores.
   */
  public static final Range EPOCH_SECONDS = new Range(0, 253_402_300_799L);

  /** Variable and contact attribute names: they become MongoDB field names. */
  public static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Names of flows, contacts, workspaces; teams and agents of assign actions. */
  public static final int NAME_LENGTH = 200;

  /** Graph ids of nodes and edges, node types, triggers, operators, ids of stored things. */
  public static final int ID_LENGTH = 128;

  /** Tags (of contacts and tag actions). */
  public static final int TAG_LENGTH = 64;

  /** Values of variables and contact attributes, edge labels and trigger values. */
  public static final int VALUE_LENGTH = 1_024;

  /** Flow descriptions. */
  public static final int DESCRIPTION_LENGTH = 2_000;

  /** WhatsApp's longest text message ({@code send_text}). */
  public static final int TEXT_MESSAGE_LENGTH = 4_096;

  /** URLs of webhook actions and template URL buttons. */
  public static final int URL_LENGTH = 2_000;

  /** WhatsApp template names: lowercase letters, digits and underscores, at most 512. */
  public static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]{1,512}");

  public static final int TEMPLATE_NAME_LENGTH = 512;

  /** WhatsApp template limits: header and footer 60, body 1,024, button text 25, 10 buttons. */
  public static final int TEMPLATE_HEADER_LENGTH = 60;

  public static final int TEMPLATE_BODY_LENGTH = 1_024;
  public static final int TEMPLATE_FOOTER_LENGTH = 60;
  public static final int TEMPLATE_BUTTON_TEXT_LENGTH = 25;
  public static final int TEMPLATE_BUTTONS = 10;
  public static final int TEMPLATE_PHONE_NUMBER_LENGTH = 20;

  /**
   * The customer-service window: WhatsApp takes a session message (anything but a template) only
   * this long after the contact's last message.
   */
  public static final long SESSION_WINDOW_MILLIS = DAY * 1_000;

  /** Session messages: interactive header and footer 60, body 1,024 (a list's 4,096). */
  public static final int INTERACTIVE_HEADER_LENGTH = 60;

  public static final int INTERACTIVE_FOOTER_LENGTH = 60;
  public static final int INTERACTIVE_BODY_LENGTH = 1_024;
  public static final int LIST_BODY_LENGTH = 4_096;

  /** Reply buttons: 1 to 3, titles 20, ids 256 characters. */
  public static final int REPLY_BUTTONS = 3;

  public static final int REPLY_BUTTON_TITLE_LENGTH = 20;
  public static final int REPLY_BUTTON_ID_LENGTH = 256;

  /**
   * Lists: the button label 20; 1 to 10 sections with titles of 24; 10 rows in all, titles 24,
   * descriptions 72, ids 200 characters.
   */
  public static final int LIST_BUTTON_LENGTH = 20;

  public static final int LIST_SECTIONS = 10;
  public static final int LIST_ROWS = 10;
  public static final int LIST_SECTION_TITLE_LENGTH = 24;
  public static final int LIST_ROW_TITLE_LENGTH = 24;
  public static final int LIST_ROW_DESCRIPTION_LENGTH = 72;
  public static final int LIST_ROW_ID_LENGTH = 200;

  /** The label of a call-to-action URL button. */
  public static final int CTA_DISPLAY_TEXT_LENGTH = 20;

  /** Captions of images, videos and documents; file names of documents. */
  public static final int MEDIA_CAPTION_LENGTH = 1_024;

  public static final int MEDIA_FILENAME_LENGTH = 240;

  /**
   * What is wrong with a name (a flow name, a tag, an id), or {@code null}: a name is 1 to {@code
   * maxLength} characters, not blank, without control characters (NUL, line breaks, ...) and
   * without bidirectional-text controls (U+202E and kin), which make a name read as another.
   */
  public static String nameProblem(String value, int maxLength) {
    if (value == null || value.isBlank()) {
      return "must not be empty";
    }
    if (value.length() > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return "must not contain control characters (U+" + hex(c) + ")";
      }
      if (isBidiControl(c)) {
        return "must not contain bidirectional-text controls (U+" + hex(c) + ")";
      }
    }
    return null;
  }

  /**
   * What is wrong with a free text (a message, a description, a value), or {@code null}: at most
   * {@code maxLength} characters; line breaks and tabs are allowed, other control characters (NUL,
   * escape, ...) are not.
   */
  public static String textProblem(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.length() > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return "must not contain control characters (U+" + hex(c) + ")";
      }
    }
    return null;
  }

  /**
   * What is wrong with a key a client chose that is stored as a MongoDB field name (template
   * components, ...), or {@code null}: not empty, no {@code .}, no leading {@code $}, no NUL or
   * other control characters, at most {@link #ID_LENGTH} characters.
   */
  public static String keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "keys must not be empty";
    }
    if (key.length() > ID_LENGTH) {
      return "keys must be at most " + ID_LENGTH + " characters";
    }
    if (key.startsWith("$")) {
      return "keys must not start with '$'";
    }
    if (key.indexOf('.') >= 0) {
      return "keys must not contain '.'";
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return "keys must not contain control characters (U+" + hex(key.charAt(i)) + ")";
      }
    }
    return null;
  }

  /** U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069: they reorder how text is shown. */
  static boolean isBidiControl(char c) {
    return c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
