package io.chatflows.workflows.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One field of a node kind's {@code data}: its key, JSON type, bounds, default, label, description
 * and form widget. A kind's fields are read from the node with {@link #read}, checked by the
 * validator ({@link FieldCheck#check}) and published as the JSON Schema of the kind's {@code data}
 * ({@link KindSchemas}): one declaration for the three.
 *
 * <p>Declared once, as constants of their kind: the chained setters configure the declaration and
 * are not called afterwards.
 *
 * @param <T> the value a conversation reads
 */
public final class Field<T> {

  /** The JSON shape of a field. */
  public enum Type {
    /** A text; numbers and booleans are read as their text. */
    TEXT("string"),
    /** A whole number of seconds; numeric texts are accepted. */
    SECONDS("integer"),
    /** A whole number of times (re-prompts, ...); numeric texts are accepted. */
    COUNT("integer"),
    FLAG("boolean"),
    /** A list of texts; a single text counts as a list of one. */
    TEXT_LIST("array"),
    /** An object whose values are texts. */
    TEXT_MAP("object"),
    /** Any JSON value. */
    JSON(null),
    /** An object holding other fields ({@code parameters} of a template). */
    GROUP("object"),
    /** A list of objects, each holding the item fields ({@code buttons} of a buttons node). */
    OBJECT_LIST("array");

    private final String jsonType;

    Type(String jsonType) {
      this.jsonType = jsonType;
    }

    /** The JSON Schema {@code type}, {@code null} for any JSON value. */
    String jsonType() {
      return jsonType;
    }
  }

  /** The rule a text (or each text of a list, or each key of a map) follows. */
  public enum Rule {
    /** Free text: line breaks and tabs allowed, other control characters not. */
    TEXT,
    /** A name: not blank, no control or bidirectional-text characters. */
    NAME,
    /** A variable or attribute name: {@link Limits#KEY_NAME}, as it becomes a MongoDB key. */
    KEY
  }

  private final String key;
  private final Type type;
  private final String title;
  private final Function<JsonNode, T> reader;
  private String description;
  private boolean required;
  private Field<?> satisfiedBy;
  private String deprecatedFor;
  private String widget;
  private boolean readOnly;
  private Object defaultValue;
  private Limits.Range range;
  private int maxLength;
  private Rule rule = Rule.TEXT;
  private Rule keyRule;
  private List<String> choices = List.of();
  private boolean placeholders;
  private boolean url;
  private boolean notBlank;
  private boolean https;
  private int maxItems;
  private List<Field<?>> items = List.of();

  private Field(String key, Type type, String title, Function<JsonNode, T> reader) {
    this.key = key;
    this.type = type;
    this.title = title;
    this.reader = reader;
  }

  /** A text field; {@code null} when absent, {@code null}, an object or an array. */
  public static Field<String> text(String key, String title) {
    return new Field<>(key, Type.TEXT, title, JsonValues::text).maxLength(Limits.VALUE_LENGTH);
  }

  /** A whole number of seconds in {@code range}; 0 when absent, unreadable or negative. */
  public static Field<Long> seconds(String key, String title, Limits.Range range) {
    Field<Long> field = new Field<>(key, Type.SECONDS, title, JsonValues::positiveLong);
    field.range = range;
    return field;
  }

  /** A whole number of times in {@code range}; {@code null} (or the default) when absent. */
  public static Field<Long> count(String key, String title, Limits.Range range) {
    Field<Long> field =
        new Field<>(
            key,
            Type.COUNT,
            title,
            v -> v == null || !(v.isNumber() || v.isTextual()) ? null : JsonValues.positiveLong(v));
    field.range = range;
    return field;
  }

  public static Field<Boolean> flag(String key, String title) {
    return new Field<>(key, Type.FLAG, title, JsonValues::flag);
  }

  public static Field<List<String>> texts(String key, String title) {
    return new Field<List<String>>(
            key, Type.TEXT_LIST, title, v -> Collections.unmodifiableList(JsonValues.strings(v)))
        .maxLength(Limits.VALUE_LENGTH);
  }

  public static Field<Map<String, String>> textMap(String key, String title) {
    return new Field<Map<String, String>>(
            key, Type.TEXT_MAP, title, v -> Collections.unmodifiableMap(JsonValues.stringMap(v)))
        .maxLength(Limits.VALUE_LENGTH);
  }

  /** Any JSON value; {@code null} when absent or JSON {@code null}. */
  public static Field<JsonNode> json(String key, String title) {
    return new Field<>(key, Type.JSON, title, v -> JsonValues.given(v) ? v : null);
  }

  /**
   * A list of objects, each checked against {@code items} (keys relative to the item); read as the
   * list's objects, anything else in the list left out.
   */
  public static Field<List<JsonNode>> objects(String key, String title, Field<?>... items) {
    Field<List<JsonNode>> field = new Field<>(key, Type.OBJECT_LIST, title, JsonValues::objects);
    field.items = List.of(items);
    return field;
  }

  /** An object holding the fields whose keys start with {@code key.}. */
  public static Field<Void> group(String key, String title) {
    return new Field<>(key, Type.GROUP, title, v -> null);
  }

  public Field<T> describe(String description) {
    this.description = description;
    return this;
  }

  /** A node of the kind must give this field. */
  public Field<T> required() {
    this.required = true;
    return this;
  }

  /** Required, unless the node gives {@code other} instead (an older or alternative key). */
  public Field<T> requiredUnless(Field<?> other) {
    this.required = true;
    this.satisfiedBy = other;
    return this;
  }

  /** An older key of {@code current}: still read, no longer written by builders. */
  public Field<T> deprecatedFor(String current) {
    this.deprecatedFor = current;
    return this;
  }

  /** The form widget ({@code x-chatflow-widget}): template, placeholder-text, tag, url, ... */
  public Field<T> widget(String widget) {
    this.widget = widget;
    return this;
  }

  /** Shown but not edited in forms (the builder fills it in). */
  public Field<T> readOnly() {
    this.readOnly = true;
    return this;
  }

  /** The value a node has when it leaves the field out. */
  public Field<T> defaultValue(Object value) {
    this.defaultValue = value;
    return this;
  }

  /** The longest text (of each text of a list, of each value of a map). */
  public Field<T> maxLength(int maxLength) {
    this.maxLength = maxLength;
    return this;
  }

  public Field<T> rule(Rule rule) {
    this.rule = rule;
    return this;
  }

  /** The rule each key of a map follows. */
  public Field<T> keys(Rule keyRule) {
    this.keyRule = keyRule;
    return this;
  }

  public Field<T> choices(String... choices) {
    this.choices = List.of(choices);
    return this;
  }

  /** The text may hold {@code {{…}}} placeholders, which must be ones the conversation knows. */
  public Field<T> placeholders() {
    this.placeholders = true;
    return this;
  }

  /** The text must not be empty or blank. */
  public Field<T> notBlank() {
    this.notBlank = true;
    return this;
  }

  /** The text is an http(s) URL (unless it starts with a placeholder). */
  public Field<T> url() {
    this.url = true;
    return this;
  }

  /** The text is an https:// URL (unless it starts with a placeholder). */
  public Field<T> https() {
    this.url = true;
    this.https = true;
    return this;
  }

  /** The most items a list holds. */
  public Field<T> maxItems(int maxItems) {
    this.maxItems = maxItems;
    return this;
  }

  /** The key in the node's data, dotted inside a group ({@code parameters.body}). */
  public String key() {
    return key;
  }

  public Type type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }

  public boolean isRequired() {
    return required;
  }

  /** The field a node may give instead of this required one, or {@code null}. */
  public Field<?> alternative() {
    return satisfiedBy;
  }

  public boolean isDeprecated() {
    return deprecatedFor != null;
  }

  public Limits.Range range() {
    return range;
  }

  public int maxLength() {
    return maxLength;
  }

  public Rule rule() {
    return rule;
  }

  public List<String> choices() {
    return choices;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public String widget() {
    return widget;
  }

  public boolean takesPlaceholders() {
    return placeholders;
  }

  /** The rule each key of a map follows ({@code null}: any key). */
  public Rule keyRule() {
    return keyRule;
  }

  public boolean isUrl() {
    return url;
  }

  /** Whether the URL must be https://. */
  public boolean isHttps() {
    return https;
  }

  /** The most items of a list; 0 for no bound. */
  public int maxItems() {
    return maxItems;
  }

  /** The fields of each item of an object list. */
  public List<Field<?>> items() {
    return items;
  }

  public boolean isNotBlank() {
    return notBlank;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** The key this older field stands for ({@code null}: a current field). */
  public String deprecatedFor() {
    return deprecatedFor;
  }

  List<String> path() {
    return Arrays.asList(key.split("\\."));
  }

  /** The value in a node's data, read as a conversation reads it. */
  @SuppressWarnings("unchecked")
  public T read(JsonNode data) {
    T value = reader.apply(JsonValues.at(data, path()));
    return value == null && defaultValue != null ? (T) defaultValue : value;
  }

  /** Whether the node's data gives this field (present and not JSON {@code null}). */
  public boolean isGiven(JsonNode data) {
    return JsonValues.given(JsonValues.at(data, path()));
  }
}
