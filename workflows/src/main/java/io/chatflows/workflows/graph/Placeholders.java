package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{…}}} placeholders a text in node data may hold: what each means, how a conversation
 * renders them and what the validator says about one it does not know. Unknown placeholders render
 * as empty text. Pure: safe in workflow code.
 */
public final class Placeholders {

  /** A placeholder as a conversation renders it. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([a-z_]+)\\.([A-Za-z0-9_.\\-]+)\\s*}}");

  /** Anything written as a placeholder, for the validator. */
  private static final Pattern WRITTEN = Pattern.compile("\\{\\{([^{}]*)}}");

  /** Every placeholder, as the builder offers them. */
  public enum Placeholder {
    CONTACT_NAME("{{contact.name}}", "The contact's profile name."),
    CONTACT_WA_ID("{{contact.wa_id}}", "The contact's WhatsApp number."),
    REPLY_TEXT("{{reply.text}}", "The contact's last reply (a button's text, or what they wrote)."),
    VARIABLE(
        "{{variables.<name>}}",
        "A flow variable: given when the conversation starts, or set by a set_variable or webhook"
            + " action."),
    ATTRIBUTE("{{attributes.<name>}}", "A contact attribute."),
    CONTACT_ATTRIBUTE("{{contact.attributes.<name>}}", "The same as {{attributes.<name>}}.");

    private final String written;
    private final String description;

    Placeholder(String written, String description) {
      this.written = written;
      this.description = description;
    }

    /** How it is written, {@code <name>} standing for a variable or attribute name. */
    public String written() {
      return written;
    }

    public String description() {
      return description;
    }

    /** Whether it names a variable or attribute. */
    public boolean named() {
      return written.contains("<name>");
    }
  }

  /**
   * One placeholder written in a text.
   *
   * @param placeholder what it is, {@code null} when it is none the conversation knows
   * @param name the variable or attribute it names, for those that name one
   */
  public record Use(String written, Placeholder placeholder, String name) {

    /** Whether it names a variable. */
    public boolean isVariable() {
      return placeholder == Placeholder.VARIABLE;
    }
  }

  /** The values placeholders can refer to. */
  public record Scope(
      String contactName,
      String contactWaId,
      Map<String, String> variables,
      Map<String, String> attributes,
      String replyText) {}

  private Placeholders() {}

  public static String render(String text, Scope scope) {
    if (text == null || !text.contains("{{")) {
      return text;
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = lookup(matcher.group(1), matcher.group(2), scope);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String lookup(String root, String name, Scope scope) {
    return switch (root) {
      case "contact" ->
          switch (name) {
            case "name" -> scope.contactName();
            case "wa_id" -> scope.contactWaId();
            default ->
                name.startsWith("attributes.")
                    ? scope.attributes().get(name.substring("attributes.".length()))
                    : null;
          };
      case "variables" -> scope.variables().get(name);
      case "attributes" -> scope.attributes().get(name);
      case "reply" -> "text".equals(name) ? scope.replyText() : null;
      default -> null;
    };
  }

  /** Every placeholder written in {@code text}, in order. */
  public static List<Use> uses(String text) {
    List<Use> uses = new ArrayList<>();
    if (text == null || !text.contains("{{")) {
      return uses;
    }
    Matcher written = WRITTEN.matcher(text);
    while (written.find()) {
      uses.add(use(written.group(), written.group(1).trim()));
    }
    return uses;
  }

  private static Use use(String written, String inner) {
    for (Placeholder placeholder : Placeholder.values()) {
      String pattern = placeholder.written().substring(2, placeholder.written().length() - 2);
      if (!placeholder.named()) {
        if (pattern.equals(inner)) {
          return new Use(written, placeholder, null);
        }
        continue;
      }
      String prefix = pattern.substring(0, pattern.length() - "<name>".length());
      String name = inner.startsWith(prefix) ? inner.substring(prefix.length()) : null;
      if (name != null && Limits.KEY_NAME.matcher(name).matches()) {
        return new Use(written, placeholder, name);
      }
    }
    return new Use(written, null, null);
  }

  /** The placeholders the conversation knows, for problem messages. */
  static String known() {
    return String.join(
        ", ", java.util.Arrays.stream(Placeholder.values()).map(Placeholder::written).toList());
  }
}
