package io.chatflows.workflows.conversation;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code {{contact.name}}}, {@code {{contact.wa_id}}}, {@code {{variables.x}}}, {@code
 * {{attributes.x}}} and {@code {{reply.text}}}. Unknown placeholders render as empty text. Pure:
 * safe in workflow code.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([a-z_]+)\\.([A-Za-z0-9_.\\-]+)\\s*}}");

  private Placeholders() {}

  /** The values placeholders can refer to. */
  public record Scope(
      ContactRef contact,
      Map<String, String> variables,
      Map<String, String> attributes,
      String replyText) {}

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
            case "name" -> scope.contact().name();
            case "wa_id" -> scope.contact().waId();
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
}
