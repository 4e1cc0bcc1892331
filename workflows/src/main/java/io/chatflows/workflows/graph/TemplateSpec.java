package io.chatflows.workflows.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What flows need of a WhatsApp template: its name and language, the texts of its quick-reply
 * buttons in order, and how many parameters its body and header take.
 *
 * @param bodyParameters the highest {@code {{n}}} of the body; {@code null} when not known
 * @param headerParameters the highest {@code {{n}}} of a text header; {@code null} when not known
 * @param status WhatsApp's review status of a template imported from the business account when it
 *     is not {@code APPROVED} ({@code PAUSED}, {@code DISABLED}, {@code REJECTED}, {@code DELETED},
 *     ...); {@code null} for an approved template or one created here
 */
public record TemplateSpec(
    String id,
    String name,
    String language,
    List<String> buttons,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer bodyParameters,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer headerParameters,
    @JsonInclude(JsonInclude.Include.NON_NULL) String status) {

  private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\s*(\\d{1,3})\\s*}}");

  /** The statuses in which WhatsApp sends a template: approved, or never reviewed (local). */
  private static final Set<String> SENDABLE = Set.of("APPROVED");

  public TemplateSpec {
    buttons = buttons == null ? List.of() : List.copyOf(buttons);
    status = status == null || SENDABLE.contains(status) ? null : status;
  }

  /** An approved (or local) template with these parameter counts. */
  public TemplateSpec(
      String id,
      String name,
      String language,
      List<String> buttons,
      Integer bodyParameters,
      Integer headerParameters) {
    this(id, name, language, buttons, bodyParameters, headerParameters, null);
  }

  /** A template whose parameter counts are not known (they are not checked). */
  public TemplateSpec(String id, String name, String language, List<String> buttons) {
    this(id, name, language, buttons, null, null, null);
  }

  /** A template with the texts of its header ({@code null}: none or no text) and body. */
  public static TemplateSpec of(
      String id,
      String name,
      String language,
      List<String> buttons,
      String headerText,
      String bodyText) {
    return of(id, name, language, buttons, headerText, bodyText, null);
  }

  /** A template with its texts and WhatsApp's review status ({@code null}: none). */
  public static TemplateSpec of(
      String id,
      String name,
      String language,
      List<String> buttons,
      String headerText,
      String bodyText,
      String status) {
    return new TemplateSpec(
        id, name, language, buttons, parameters(bodyText), parameters(headerText), status);
  }

  /**
   * Whether WhatsApp sends this template: not when it is paused, disabled, rejected, deleted or not
   * reviewed yet.
   */
  public boolean sendable() {
    return status == null;
  }

  /** Whether a status WhatsApp reports for a template lets it be sent ({@code null}: local). */
  public static boolean sendable(String status) {
    return status == null || SENDABLE.contains(status);
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
