package io.chatflows.workflows.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (2020-12) of a kind's {@code data}, written from its declared fields, with the
 * {@code x-chatflow-widget} hints builders read.
 */
final class KindSchemas {

  private KindSchemas() {}

  static Map<String, Object> dataSchema(NodeKind<?> kind) {
    Map<String, Object> schema = objectSchema(kind, kind.fields());
    schema.put("additionalProperties", true);
    return schema;
  }

  /** An object whose properties are {@code fields} (dotted keys nest in their group). */
  private static Map<String, Object> objectSchema(NodeKind<?> kind, List<Field<?>> fields) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field<?> field : fields) {
      List<String> path = field.path();
      Map<String, Object> parent = properties;
      for (String key : path.subList(0, path.size() - 1)) {
        parent = propertiesOf(parent.get(key));
      }
      String key = path.get(path.size() - 1);
      parent.put(
          key,
          kind != null && kind.isActionField(field)
              ? Map.of("const", kind.action())
              : schema(field));
      if (field.isRequired() && path.size() == 1) {
        required.add(key);
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    if (!required.isEmpty()) {
      // In name order, as the OpenAPI document writes them.
      schema.put("required", required.stream().sorted().toList());
    }
    schema.put("properties", properties);
    return schema;
  }

  /** The properties of a group's schema, created on first use. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> propertiesOf(Object group) {
    return (Map<String, Object>)
        ((Map<String, Object>) group)
            .computeIfAbsent("properties", k -> new LinkedHashMap<String, Object>());
  }

  static Map<String, Object> schema(Field<?> field) {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (field.type().jsonType() != null) {
      schema.put("type", field.type().jsonType());
    }
    schema.put("title", field.title());
    if (field.description() != null) {
      schema.put("description", field.description());
    }
    switch (field.type()) {
      case TEXT -> text(field, schema);
      case SECONDS, COUNT -> {
        schema.put("minimum", field.range().min());
        schema.put("maximum", field.range().max());
      }
      case TEXT_LIST -> {
        schema.put("items", withWidget(text(field, new LinkedHashMap<>()), field));
        if (field.isRequired()) {
          schema.put("minItems", 1);
        }
      }
      case TEXT_MAP -> {
        if (field.keyRule() == Field.Rule.KEY) {
          schema.put("propertyNames", Map.of("pattern", keyPattern()));
        }
        schema.put("additionalProperties", text(field, new LinkedHashMap<>()));
      }
      case OBJECT_LIST -> {
        schema.put("items", objectSchema(null, field.items()));
        if (field.isRequired()) {
          schema.put("minItems", 1);
        }
        if (field.maxItems() > 0) {
          schema.put("maxItems", field.maxItems());
        }
      }
      default -> {}
    }
    if (field.defaultValue() != null) {
      schema.put("default", field.defaultValue());
    }
    if (field.isReadOnly()) {
      schema.put("readOnly", true);
    }
    if (field.isDeprecated()) {
      schema.put("deprecated", true);
    }
    return field.type() == Field.Type.TEXT_LIST ? schema : withWidget(schema, field);
  }

  /** A text's bounds: a pattern for names of variables, else its length; its choices. */
  private static Map<String, Object> text(Field<?> field, Map<String, Object> schema) {
    schema.put("type", "string");
    if (field.rule() == Field.Rule.KEY) {
      schema.put("pattern", keyPattern());
    } else if (field.choices().isEmpty()) {
      if (field.rule() == Field.Rule.NAME || field.isNotBlank()) {
        schema.put("minLength", 1);
      }
      schema.put("maxLength", field.maxLength());
    }
    if (!field.choices().isEmpty()) {
      schema.put("enum", field.choices());
    }
    if (field.isUrl()) {
      schema.put("format", "uri-template");
    }
    if (field.isHttps()) {
      schema.put("pattern", "^(https://|\\{\\{)");
    }
    return schema;
  }

  private static Map<String, Object> withWidget(Map<String, Object> schema, Field<?> field) {
    if (field.widget() != null) {
      schema.put("x-chatflow-widget", field.widget());
    }
    return schema;
  }

  private static String keyPattern() {
    return "^" + Limits.KEY_NAME.pattern() + "$";
  }
}
