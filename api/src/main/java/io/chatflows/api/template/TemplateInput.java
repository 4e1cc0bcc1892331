package io.chatflows.api.template;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.workflows.graph.Limits;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * WhatsApp's rules for message templates, checked before one is stored: the name (lowercase
 * letters, digits and underscores, at most 512), the language code, the category, and the
 * components (one each of HEADER, BODY, FOOTER, BUTTONS; header and footer texts at most 60
 * characters, the body at most 1,024, at most 10 buttons of at most 25 characters). Each violation
 * is a 400 naming the field.
 */
final class TemplateInput {

  /** WhatsApp language codes: {@code en}, {@code en_US}, {@code zh_HK}, {@code fil}. */
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z]{2,4})?");

  private static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");
  private static final Map<String, Integer> TEXT_LENGTHS =
      Map.of(
          "HEADER", Limits.TEMPLATE_HEADER_LENGTH,
          "BODY", Limits.TEMPLATE_BODY_LENGTH,
          "FOOTER", Limits.TEMPLATE_FOOTER_LENGTH);

  private TemplateInput() {}

  static String name(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalidField("name_required", "name", "name is required");
    }
    String trimmed = name.strip();
    if (!Limits.TEMPLATE_NAME.matcher(trimmed).matches()) {
      throw ApiException.invalidField(
          "invalid_template_name",
          "name",
          "name must be 1 to 512 lowercase letters, digits and underscores (WhatsApp's rule)");
    }
    return trimmed;
  }

  static String language(String language) {
    if (language == null || language.isBlank()) {
      return "en_US";
    }
    if (!LANGUAGE.matcher(language).matches()) {
      throw ApiException.invalidField(
          "invalid_language", "language", "language must be a WhatsApp language code (en_US)");
    }
    return language;
  }

  static String category(String category) {
    if (category == null) {
      return "UTILITY";
    }
    String upper = category.toUpperCase(Locale.ROOT);
    if (!CATEGORIES.contains(upper)) {
      throw ApiException.invalidField(
          "invalid_category", "category", "category must be one of " + CATEGORIES);
    }
    return upper;
  }

  static List<Map<String, Object>> components(List<Map<String, Object>> components) {
    if (components == null) {
      return List.of();
    }
    InputChecks.storable("components", components);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < components.size(); i++) {
      String path = "components[" + i + "]";
      Map<String, Object> component = components.get(i);
      if (component == null) {
        throw ApiException.invalidField("invalid_component", path, path + " must be an object");
      }
      String type =
          component.get("type") instanceof String t ? t.toUpperCase(Locale.ROOT) : "missing";
      if (!TEXT_LENGTHS.containsKey(type) && !type.equals("BUTTONS")) {
        throw ApiException.invalidField(
            "invalid_component",
            path + ".type",
            path + ".type must be HEADER, BODY, FOOTER or BUTTONS");
      }
      if (!seen.add(type)) {
        throw ApiException.invalidField(
            "invalid_component", path + ".type", "a template has at most one " + type);
      }
      if (type.equals("BUTTONS")) {
        buttons(path, component.get("buttons"));
      } else {
        text(path + ".text", component.get("text"), TEXT_LENGTHS.get(type), type.equals("BODY"));
      }
    }
    return components;
  }

  private static void buttons(String path, Object value) {
    if (!(value instanceof List<?> buttons)
        || buttons.isEmpty()
        || buttons.size() > Limits.TEMPLATE_BUTTONS) {
      throw ApiException.invalidField(
          "invalid_component",
          path + ".buttons",
          path + ".buttons must list 1 to " + Limits.TEMPLATE_BUTTONS + " buttons");
    }
    for (int i = 0; i < buttons.size(); i++) {
      String button = path + ".buttons[" + i + "]";
      if (!(buttons.get(i) instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)) {
        throw ApiException.invalidField(
            "invalid_component", button, button + " must be an object with a type");
      }
      InputChecks.name(button + ".type", type, 32);
      if (!(map.get("text") instanceof String text)) {
        throw ApiException.invalidField(
            "invalid_component", button + ".text", button + ".text is required");
      }
      InputChecks.name(button + ".text", text, Limits.TEMPLATE_BUTTON_TEXT_LENGTH);
      optionalText(button + ".url", map.get("url"), Limits.URL_LENGTH);
      optionalText(
          button + ".phone_number", map.get("phone_number"), Limits.TEMPLATE_PHONE_NUMBER_LENGTH);
    }
  }

  private static void text(String field, Object value, int maxLength, boolean required) {
    if (value == null && !required) {
      return;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw ApiException.invalidField("invalid_component", field, field + " must be a text");
    }
    InputChecks.text(field, text, maxLength);
  }

  private static void optionalText(String field, Object value, int maxLength) {
    if (value != null) {
      text(field, value, maxLength, true);
    }
  }
}
