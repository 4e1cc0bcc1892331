package io.chatflows.workflows.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What flows need of a WhatsApp template: its name and language, the texts of its quick-reply
 * buttons in order, and how many parameters its body and header take.
 *
 * @param bodyParameters the highest {@code {{n}}} of the body; {@code null} when not known
 * @param headerParameters the highest {@code {{n}}} of a text header; {@code null} when not known
 */
public record TemplateSpec(
    String id,
    String name,
    String language,
    List<String> buttons,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer bodyParameters,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer headerParameters) {

  private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\s*(\\d{1,3})\\s*}}");

  public TemplateSpec {
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
  }

  /** A template whose parameter counts are not known (they are not checked). */
  public TemplateSpec(String id, String name, String language, List<String> buttons) {
    this(id, name, language, buttons, null, null);
  }

  /** A template with the texts of its header ({@code null}: none or no text) and body. */
  public static TemplateSpec of(
      String id,
      String name,
      String language,
      List<String> buttons,
      String headerText,
      String bodyText) {
    return new TemplateSpec(
        id, name, language, buttons, parameters(bodyText), parameters(headerText));
  }

  /** The highest {@code {{n}}} of a template text: the parameters WhatsApp expects for it. */
  static int parameters(String text) {
    int highest = 0;
    if (text != null) {
      Matcher matcher = PARAMETER.matcher(text);
      while (matcher.find()) {
        highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
      }
    }
    return highest;
  }

  /** Whether one of its quick-reply buttons has this text ({@link ButtonText#same}). */
  public boolean hasButton(String text) {
    return buttons.stream().anyMatch(button -> ButtonText.same(button, text));
  }
}
