package io.chatflows.workflows.graph;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the README's flow reference from the model: every node kind with its fields (type, range
 * or bound, default, meaning), handles and waits, every trigger, condition operator and subject,
 * placeholder and timeout. {@link FlowReferenceTest} keeps the README equal to it.
 */
final class FlowReference {

  private FlowReference() {}

  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("### Node kinds\n\n");
    out.append("| Kind | `type`, `data.action` | Waits for the contact | Edges it can have |\n");
    out.append("|---|---|---|---|\n");
    for (NodeKind<?> kind : NodeKinds.all()) {
      out.append("| ")
          .append(kind.label())
          .append(" | `")
          .append(kind.type())
          .append('`')
          .append(kind.action() == null ? "" : ", `" + kind.action() + "`")
          .append(" | ")
          .append(waits(kind))
          .append(" | ")
          .append(
              kind.outputs().isEmpty()
                  ? "none"
                  : kind.outputs().stream()
                      .map(o -> "`" + o.trigger().wireName() + "`")
                      .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    for (NodeKind<?> kind : NodeKinds.all()) {
      out.append("\n#### ").append(kind.label()).append(" (`").append(kind.id()).append("`)\n\n");
      out.append(kind.description()).append("\n\n");
      List<Field<?>> fields =
          kind.fields().stream().filter(f -> !f.key().equals("action")).toList();
      if (fields.isEmpty()) {
        out.append("No fields.\n");
        continue;
      }
      out.append("| Field | Value | Required | Meaning |\n|---|---|---|---|\n");
      for (Field<?> field : fields) {
        row(out, "", field);
      }
    }
    out.append("\n### Edge triggers\n\n| Trigger | Value | Taken when |\n|---|---|---|\n");
    for (Trigger trigger : Trigger.values()) {
      out.append("| `")
          .append(trigger.wireName())
          .append("` | ")
          .append(trigger.hasValue() ? "`trigger_value`" : "none")
          .append(" | ")
          .append(trigger.description())
          .append(" |\n");
    }
    out.append("\n### Condition operators\n\n");
    out.append("The `operator` of a `condition` edge (`equals` when it has none), applied to the");
    out.append(" node's subject and the edge's `trigger_value`.\n\n");
    out.append("| Operator | Value | Holds when |\n|---|---|---|\n");
    for (Operator operator : Operator.values()) {
      out.append("| `")
          .append(operator.wireName())
          .append("` | ")
          .append(operator.needsValue() ? "required" : "optional")
          .append(" | ")
          .append(operator.description())
          .append(" |\n");
    }
    out.append("\n### Condition subjects\n\n| `subject` | Needs `key` | Checks |\n|---|---|---|\n");
    for (ConditionSubject subject : ConditionSubject.values()) {
      out.append("| `")
          .append(subject.wireName())
          .append("` | ")
          .append(subject.needsKey() ? "yes" : "no")
          .append(" | ")
          .append(subject.description())
          .append(" |\n");
    }
    out.append("\n### Placeholders\n\n");
    out.append(
        "Fields whose meaning says *Placeholders allowed* may hold these; an unknown one is");
    out.append(" a validation error (`unknown_placeholder`) and renders as empty text.\n\n");
    out.append("| Placeholder | Value |\n|---|---|\n");
    for (Placeholders.Placeholder placeholder : Placeholders.Placeholder.values()) {
      out.append("| `")
          .append(placeholder.written())
          .append("` | ")
          .append(placeholder.description())
          .append(" |\n");
    }
    out.append("\n### Timeouts\n\n| Wait | Set by | Range |\n|---|---|---|\n");
    out.append(
            "| Reply timeout of a waiting template or session-message node | `timeout_seconds` of"
                + " the node, else the")
        .append(" flow's `settings.reply_timeout_seconds`, else ")
        .append(FlowDefinition.DEFAULT_REPLY_TIMEOUT_SECONDS)
        .append(" s (24 hours) | ")
        .append(seconds(Limits.REPLY_TIMEOUT_SECONDS))
        .append(" |\n");
    out.append("| Delay action | `seconds` | ")
        .append(seconds(Limits.DELAY_SECONDS))
        .append(" |\n");
    return out.toString();
  }

  /** A field's row, then its items' rows ({@code buttons[].title}). */
  private static void row(StringBuilder out, String prefix, Field<?> field) {
    out.append("| `")
        .append(prefix + field.key())
        .append("` | ")
        .append(value(field))
        .append(" | ")
        .append(required(field))
        .append(" | ")
        .append(meaning(field))
        .append(" |\n");
    for (Field<?> item : field.items()) {
      row(out, prefix + field.key() + "[].", item);
    }
  }

  private static String waits(NodeKind<?> kind) {
    return switch (kind.waits()) {
      case NEVER -> "no";
      case ALWAYS -> "yes";
      case WITH_REPLY_EDGES ->
          "with a "
              + kind.outputs().stream()
                  .filter(o -> o.trigger().waitsForContact())
                  .map(o -> "`" + o.trigger().wireName() + "`")
                  .collect(Collectors.joining(" or "))
              + " edge";
    };
  }

  private static String value(Field<?> field) {
    String value =
        switch (field.type()) {
          case TEXT -> text(field, "text");
          case SECONDS -> "whole seconds, " + seconds(field.range());
          case COUNT -> "whole number, " + field.range();
          case FLAG -> "`true` or `false`";
          case TEXT_LIST -> "list of " + text(field, "texts") + " (or one)";
          case TEXT_MAP -> "object of texts, each " + bound(field);
          case JSON -> "any JSON";
          case GROUP -> "object";
          case OBJECT_LIST ->
              "list of objects"
                  + (field.maxItems() > 0
                      ? ", " + (field.isRequired() ? 1 : 0) + ".." + field.maxItems()
                      : "");
        };
    if (field.defaultValue() != null) {
      value += "; default `" + field.defaultValue() + "`";
    }
    return value;
  }

  private static String text(Field<?> field, String noun) {
    if (!field.choices().isEmpty()) {
      return "one of "
          + field.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }
    return switch (field.rule()) {
      case KEY -> "name `" + Limits.KEY_NAME.pattern() + "`";
      case NAME -> noun + ", " + bound(field) + ", no control characters";
      case TEXT -> noun + ", " + bound(field);
    };
  }

  private static String bound(Field<?> field) {
    return field.rule() == Field.Rule.NAME
        ? "1.." + field.maxLength() + " characters"
        : "up to " + field.maxLength() + " characters";
  }

  private static String required(Field<?> field) {
    if (field.isDeprecated()) {
      return "older spelling";
    }
    if (!field.isRequired()) {
      return "no";
    }
    return field.alternative() == null ? "yes" : "yes (or `" + field.alternative().key() + "`)";
  }

  private static String meaning(Field<?> field) {
    String meaning = field.description() == null ? field.title() + "." : field.description();
    if (field.takesPlaceholders()) {
      meaning += " Placeholders allowed.";
    }
    return meaning.replace("|", "\\|");
  }

  private static String seconds(Limits.Range range) {
    return range.min() + ".." + range.max() + " s (" + days(range.max()) + " days)";
  }

  private static long days(long seconds) {
    return seconds / 86_400;
  }

  /** Every kind, field and vocabulary entry the reference must name, for the drift test. */
  static List<String> names() {
    return java.util.stream.Stream.of(
            NodeKinds.all().stream().map(k -> "`" + k.id() + "`"),
            NodeKinds.all().stream()
                .flatMap(k -> k.fields().stream())
                .filter(f -> !f.key().equals("action"))
                .flatMap(
                    f ->
                        java.util.stream.Stream.concat(
                            java.util.stream.Stream.of("`" + f.key() + "`"),
                            f.items().stream().map(i -> "`" + f.key() + "[]." + i.key() + "`"))),
            Arrays.stream(Trigger.values()).map(t -> "`" + t.wireName() + "`"),
            Arrays.stream(Operator.values()).map(o -> "`" + o.wireName() + "`"),
            Arrays.stream(ConditionSubject.values()).map(s -> "`" + s.wireName() + "`"),
            Arrays.stream(Placeholders.Placeholder.values()).map(p -> "`" + p.written() + "`"))
        .flatMap(s -> s)
        .distinct()
        .toList();
  }
}
