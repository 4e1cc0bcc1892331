package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What the session-message kinds share: fields, handles, rules and the interactive envelope. */
final class SessionFields {

  private SessionFields() {}

  static final Field<String> HEADER =
      Field.text("header", "Header")
          .maxLength(Limits.INTERACTIVE_HEADER_LENGTH)
          .placeholders()
          .widget("placeholder-text")
          .describe("A text shown above the body, in bold.");
  static final Field<String> FOOTER =
      Field.text("footer", "Footer")
          .maxLength(Limits.INTERACTIVE_FOOTER_LENGTH)
          .placeholders()
          .widget("placeholder-text")
          .describe("A small grey text below the body.");
  static final Field<Long> TIMEOUT =
      Field.seconds("timeout_seconds", "Reply timeout (seconds)", Limits.REPLY_TIMEOUT_SECONDS)
          .describe(
              "How long the node waits for a reply before its timeout edge; unset: the flow's"
                  + " settings.reply_timeout_seconds, else 24 hours.");

  static Field<String> body(int maxLength) {
    return Field.text("body", "Body")
        .maxLength(maxLength)
        .required()
        .notBlank()
        .placeholders()
        .widget("placeholder-text")
        .describe("The message's text, not empty.");
  }

  static final Output TEXT_REPLY =
      Output.of(
          Trigger.TEXT_REPLY,
          "Text reply",
          "The contact wrote a reply: any text, or the edge's trigger_value.");
  static final Output TIMEOUT_OUTPUT =
      Output.of(Trigger.TIMEOUT, "No reply", "No reply within the reply timeout.");
  static final Output WINDOW_CLOSED =
      Output.of(
          Trigger.WINDOW_CLOSED,
          "Window closed",
          "The contact has not written in the last 24 hours: nothing was sent (typically leads to"
              + " a template).");
  static final Output DELIVERY_FAILED =
      Output.of(
          Trigger.DELIVERY_FAILED,
          "Not delivered",
          "WhatsApp refused the message for good or reported it failed.");
  static final Output NEXT =
      Output.of(
          Trigger.DEFAULT,
          "Next",
          "Right after sending when no edge waits for a reply; the fallback for a reply no other"
              + " edge takes.");

  /**
   * An interactive message: {@code {type, header?, body, footer?, action}}; a header or footer that
   * renders empty is left out.
   */
  static Map<String, Object> interactive(
      String type,
      String header,
      String body,
      String footer,
      Map<String, Object> action,
      UnaryOperator<String> render) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("type", type);
    String headerText = rendered(header, render);
    if (headerText != null) {
      content.put("header", ordered("type", "text", "text", headerText));
    }
    String bodyText = body == null ? null : render.apply(body);
    content.put("body", Map.of("text", bodyText == null ? "" : bodyText));
    String footerText = rendered(footer, render);
    if (footerText != null) {
      content.put("footer", Map.of("text", footerText));
    }
    content.put("action", action);
    return content;
  }

  /** The rendered text, {@code null} when absent or blank once rendered. */
  static String rendered(String text, UnaryOperator<String> render) {
    if (text == null) {
      return null;
    }
    String out = render.apply(text);
    return out == null || out.isBlank() ? null : out;
  }

  /** An ordered map of key, value, key, value, ... (pairs whose value is null left out). */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  /**
   * Reports each text of {@code key} that an earlier item of the list at {@code list} already has
   * (trimmed, any case): WhatsApp refuses a message whose buttons or rows repeat one.
   */
  static void unique(
      FieldCheck check,
      Iterable<JsonNode> items,
      String listPath,
      String key,
      String code,
      Map<String, String> seen) {
    int i = 0;
    for (JsonNode item : items) {
      String value = JsonValues.text(item, key);
      String path = listPath + "[" + i++ + "]." + key;
      if (value != null && !value.isBlank()) {
        String earlier = seen.putIfAbsent(value.trim().toLowerCase(Locale.ROOT), path);
        if (earlier != null) {
          check.error(code, path, path + " '" + value + "' repeats " + earlier);
        }
      }
    }
  }

  static Map<String, String> seen() {
    return new HashMap<>();
  }

  /** The items of a list in a node's data (nothing when it is no list). */
  static Iterable<JsonNode> items(JsonNode data, String key) {
    JsonNode list = data == null ? null : data.get(key);
    return list != null && list.isArray() ? list : java.util.List.of();
  }
}
