package io.chatflows.api.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One page of the WhatsApp Business Management API's {@code GET /{waba_id}/message_templates}:
 * {@code data[]} with each template's {@code id}, {@code name}, {@code language}, {@code status},
 * {@code category}, {@code components[]} (kept whole: every header format, button type and field)
 * and, when asked for, {@code quality_score.score} and {@code rejected_reason}; and {@code paging}
 * whose {@code cursors.after} names the next page while there is a {@code next}.
 *
 * @param templates the page's templates that have a name and language, in order
 * @param skipped entries without a name or language (not templates one can send)
 * @param after the cursor of the next page, {@code null} on the last one
 */
record TemplateListPage(List<Listed> templates, int skipped, String after) {

  /** A template as WhatsApp lists it. */
  record Listed(
      String whatsappId,
      String name,
      String language,
      String status,
      String category,
      List<Map<String, Object>> components,
      String qualityScore,
      String reason) {}

  /** Reads a page; a body that is not a page is {@code null}. */
  static TemplateListPage parse(JsonNode page) {
    if (page == null || !page.isObject() || !page.path("data").isArray()) {
      return null;
    }
    List<Listed> templates = new ArrayList<>();
    int skipped = 0;
    for (JsonNode t : page.path("data")) {
      String name = text(t, "name");
      String language = text(t, "language");
      if (name == null || language == null || !t.isObject()) {
        skipped++;
        continue;
      }
      String reason = text(t, "rejected_reason");
      templates.add(
          new Listed(
              text(t, "id"),
              name,
              language,
              text(t, "status"),
              text(t, "category"),
              components(t.path("components")),
              text(t.path("quality_score"), "score"),
              reason == null || "NONE".equals(reason) ? null : reason));
    }
    JsonNode paging = page.path("paging");
    String after = text(paging.path("cursors"), "after");
    boolean more = text(paging, "next") != null;
    return new TemplateListPage(templates, skipped, more ? after : null);
  }

  private static List<Map<String, Object>> components(JsonNode components) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (JsonNode component : components) {
      if (component.isObject()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain(component);
        list.add(map);
      }
    }
    return list;
  }

  /** A JSON value as maps, lists, strings, numbers, booleans and nulls. */
  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), plain(field.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.asString();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainer() ? null : value.asString();
  }
}
