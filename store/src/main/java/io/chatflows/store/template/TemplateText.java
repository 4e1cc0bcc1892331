package io.chatflows.store.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a contact reads of a template message: the text header, the body and the footer, with
 * each {@code {{n}}} replaced by the n-th parameter that was sent, separated by blank lines. The
 * buttons are not part of it: a sent message lists them on their own.
 */
public final class TemplateText {

  private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\s*(\\d{1,3})\\s*}}");

  private TemplateText() {}

  /**
   * The rendered text of a template with these components (WhatsApp's shape); {@code null} when it
   * has no text component. A {@code {{n}}} without a parameter is left as it is.
   */
  public static String render(
      List<Map<String, Object>> components,
      List<String> headerParameters,
      List<String> bodyParameters) {
    if (components == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String type : List.of("HEADER", "BODY", "FOOTER")) {
      for (Map<String, Object> component : components) {
        if (component != null
            && type.equalsIgnoreCase(String.valueOf(component.get("type")))
            && component.get("text") instanceof String text
            && !text.isBlank()) {
          parts.add(
              fill(
                  text,
                  switch (type) {
                    case "HEADER" -> headerParameters;
                    case "BODY" -> bodyParameters;
                    default -> List.of();
                  }));
        }
      }
    }
    return parts.isEmpty() ? null : String.join("\n\n", parts);
  }

  static String fill(String text, List<String> parameters) {
    List<String> values = parameters == null ? List.of() : parameters;
    Matcher matcher = PARAMETER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      int n = Integer.parseInt(matcher.group(1));
      String value =
          n >= 1 && n <= values.size() && values.get(n - 1) != null
              ? values.get(n - 1)
              : matcher.group();
      matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(filled);
    return filled.toString();
  }
}
