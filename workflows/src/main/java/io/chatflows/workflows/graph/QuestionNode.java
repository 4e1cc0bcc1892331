package io.chatflows.workflows.graph;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Asks a question and saves the answer: sends the prompt (a session message), waits, checks the
 * reply against the answer type and saves a valid answer into a flow variable; an invalid one is
 * answered with the re-prompt, up to {@code maxReprompts} times, then the node takes {@code
 * invalid}.
 *
 * @param prompt the question, unrendered
 * @param answerType what counts as a valid answer
 * @param variable the variable the answer is saved in
 * @param options the choices of an {@code options} question (else empty)
 * @param pattern the regular expression of a {@code regex} question (else {@code null})
 * @param repromptText what an invalid answer is answered with, unrendered
 * @param maxReprompts how many times one wait re-asks before {@code invalid}
 * @param timeoutSeconds the reply timeout; 0 when it has none (the flow's default applies)
 */
public record QuestionNode(
    NodeBase base,
    String prompt,
    AnswerType answerType,
    String variable,
    List<String> options,
    String pattern,
    String repromptText,
    long maxReprompts,
    long timeoutSeconds)
    implements SessionNode {

  public static final String TYPE = "question";

  /** What a question accepts as its answer; the wire name is the lower-case form. */
  public enum AnswerType {
    TEXT,
    NUMBER,
    EMAIL,
    PHONE,
    DATE,
    OPTIONS,
    REGEX,
    MEDIA,
    LOCATION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static AnswerType fromWire(String value) {
      for (AnswerType type : values()) {
        if (type.wireName().equals(value)) {
          return type;
        }
      }
      return TEXT;
    }
  }

  /** The re-prompt of a question that says nothing. */
  public static final String DEFAULT_REPROMPT = "That is not a valid answer. Please try again.";

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,30}([.,]\\d{1,30})?)");
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,63}");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d{7,15}");
  private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");
  private static final List<DateTimeFormatter> DATES =
      List.of("uuuu-M-d", "d/M/uuuu", "d.M.uuuu", "d-M-uuuu").stream()
          .map(
              f ->
                  DateTimeFormatter.ofPattern(f, Locale.ROOT)
                      .withResolverStyle(ResolverStyle.STRICT))
          .toList();

  static final Field<String> PROMPT =
      Field.text("prompt", "Question")
          .maxLength(Limits.TEXT_MESSAGE_LENGTH)
          .required()
          .notBlank()
          .placeholders()
          .widget("placeholder-text")
          .describe("The question sent to the contact, not empty.");
  static final Field<String> ANSWER_TYPE =
      Field.text("answer_type", "Answer type")
          .choices(
              java.util.Arrays.stream(AnswerType.values())
                  .map(AnswerType::wireName)
                  .toArray(String[]::new))
          .defaultValue(AnswerType.TEXT.wireName())
          .describe("What counts as a valid answer (see the README, Questions).");
  static final Field<String> VARIABLE =
      Field.text("variable", "Save to variable")
          .rule(Field.Rule.KEY)
          .required()
          .widget("variable-name")
          .describe(
              "The flow variable a valid answer is saved in, read as {{variables.<name>}}: letters,"
                  + " digits, '_' or '-', at most 64.");
  static final Field<List<String>> OPTIONS =
      Field.texts("options", "Options")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.QUESTION_OPTION_LENGTH)
          .describe(
              "The choices of an options question, 1 to "
                  + Limits.QUESTION_OPTIONS
                  + ", each unique; up to 3 of at most "
                  + Limits.REPLY_BUTTON_TITLE_LENGTH
                  + " characters are sent as reply buttons, else listed in the text.");
  static final Field<String> PATTERN =
      Field.text("pattern", "Regular expression")
          .describe(
              "The Java regular expression a regex answer must match as a whole (case-sensitive;"
                  + " (?i) for any case).");
  static final Field<String> REPROMPT =
      Reprompt.text(
          DEFAULT_REPROMPT,
          "What an invalid answer is answered with (a session text message); unset: the default"
              + " shown.");
  static final Field<Long> MAX_REPROMPTS = Reprompt.maxField();

  public static final NodeKind<QuestionNode> KIND =
      NodeKind.ofType(TYPE, QuestionNode::read)
          .label("Ask a question")
          .describe(
              "Sends a question (a session message: only within 24 hours of the contact's last"
                  + " message, else it takes window_closed), waits for the answer, checks it by"
                  + " its answer type and saves a valid one into a flow variable. An invalid answer"
                  + " is answered with the re-prompt, up to max_reprompts times, then the node"
                  + " takes invalid.")
          .category(NodeKind.Category.MESSAGE)
          .waits(NodeKind.Waits.ALWAYS)
          .fields(
              PROMPT,
              ANSWER_TYPE,
              VARIABLE,
              OPTIONS,
              PATTERN,
              REPROMPT,
              MAX_REPROMPTS,
              SessionFields.TIMEOUT)
          .outputs(
              Output.of(
                  Trigger.DEFAULT, "Answered", "A valid answer, saved in the node's variable."),
              Output.of(
                  Trigger.INVALID,
                  "Invalid",
                  "An invalid answer once the re-prompts are used up; without this edge the node"
                      + " waits on silently until its timeout."),
              SessionFields.TIMEOUT_OUTPUT,
              SessionFields.WINDOW_CLOSED,
              SessionFields.DELIVERY_FAILED)
          .rules(QuestionNode::rules);

  private static void rules(QuestionNode node, FieldCheck check) {
    if (node.answerType == AnswerType.OPTIONS) {
      if (node.options.isEmpty()) {
        check.error("missing_field", "options", "options is required for an options question");
      } else if (node.options.size() > Limits.QUESTION_OPTIONS) {
        check.error(
            "too_many_items",
            "options",
            "options holds " + node.options.size() + " items; at most " + Limits.QUESTION_OPTIONS);
      }
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < node.options.size(); i++) {
        String option = node.options.get(i).trim().toLowerCase(Locale.ROOT);
        if (seen.contains(option)) {
          check.error(
              "duplicate_option",
              "options[" + i + "]",
              "options[" + i + "] '" + node.options.get(i) + "' repeats an earlier option");
        }
        seen.add(option);
      }
    }
    if (node.answerType == AnswerType.REGEX) {
      if (node.pattern == null || node.pattern.isEmpty()) {
        check.error("missing_field", "pattern", "pattern is required for a regex question");
      } else {
        try {
          Pattern.compile(node.pattern);
        } catch (PatternSyntaxException e) {
          check.error(
              "invalid_pattern",
              "pattern",
              "pattern is no regular expression: " + e.getDescription());
        }
      }
    }
  }

  private static QuestionNode read(NodeBase base) {
    var data = base.data();
    AnswerType type = AnswerType.fromWire(ANSWER_TYPE.read(data));
    return new QuestionNode(
        base,
        PROMPT.read(data),
        type,
        VARIABLE.read(data),
        type == AnswerType.OPTIONS ? OPTIONS.read(data) : List.of(),
        PATTERN.read(data),
        REPROMPT.read(data),
        MAX_REPROMPTS.read(data),
        SessionFields.TIMEOUT.read(data));
  }

  /** Whether the options go out as reply buttons: 1 to 3, each a button title. */
  public boolean optionsAsButtons() {
    return answerType == AnswerType.OPTIONS
        && !options.isEmpty()
        && options.size() <= Limits.REPLY_BUTTONS
        && options.stream().allMatch(o -> o.length() <= Limits.REPLY_BUTTON_TITLE_LENGTH)
        && (prompt == null || prompt.length() <= Limits.INTERACTIVE_BODY_LENGTH);
  }

  /**
   * The prompt: reply buttons for up to three short options, else a text message (options listed
   * below the question as "1. …").
   */
  @Override
  public SessionMessage message(UnaryOperator<String> render) {
    String question = prompt == null ? "" : render.apply(prompt);
    if (optionsAsButtons()) {
      List<Object> buttons =
          options.stream()
              .map(
                  o ->
                      (Object)
                          SessionFields.ordered(
                              "type", "reply", "reply", SessionFields.ordered("id", o, "title", o)))
              .toList();
      return new SessionMessage(
          "interactive",
          SessionFields.interactive(
              "button", null, prompt, null, Map.of("buttons", buttons), render),
          question,
          options,
          options);
    }
    StringBuilder text = new StringBuilder(question);
    if (answerType == AnswerType.OPTIONS) {
      text.append('\n');
      for (int i = 0; i < options.size(); i++) {
        text.append('\n').append(i + 1).append(". ").append(options.get(i));
      }
    }
    return text(text.toString());
  }

  /** A session text message. */
  public static SessionMessage text(String body) {
    return new SessionMessage(
        "text", SessionFields.ordered("preview_url", false, "body", body), body, null, null);
  }

  /**
   * The value a text reply (what the contact wrote, or the title or id of a tapped button) saves,
   * or {@code null} when it is no valid answer of this question's type.
   */
  public String answerText(String text, String choiceId) {
    String reply = text == null ? "" : text.trim();
    if (answerType == AnswerType.OPTIONS) {
      return option(reply, choiceId);
    }
    if (reply.isEmpty() || reply.length() > Limits.VALUE_LENGTH) {
      return null;
    }
    return switch (answerType) {
      case TEXT -> reply;
      case NUMBER -> NUMBER.matcher(reply).matches() ? reply.replace(',', '.') : null;
      case EMAIL -> reply.length() <= 254 && EMAIL.matcher(reply).matches() ? reply : null;
      case PHONE -> {
        String compact = PHONE_SEPARATORS.matcher(reply).replaceAll("");
        yield PHONE.matcher(compact).matches() ? compact : null;
      }
      case DATE -> date(reply);
      case REGEX -> Operator.matchesWhole(reply, pattern) ? reply : null;
      default -> null;
    };
  }

  /** One of the options by its id (a tapped button), its text (trimmed, any case) or number. */
  private String option(String reply, String choiceId) {
    for (String option : options) {
      if (option.equals(choiceId) || ButtonText.same(option, reply)) {
        return option;
      }
    }
    if (reply.matches("\\d{1,2}")) {
      int index = Integer.parseInt(reply) - 1;
      if (index >= 0 && index < options.size()) {
        return options.get(index);
      }
    }
    return null;
  }

  /** A calendar date in one of the accepted forms, saved as yyyy-MM-dd. */
  private static String date(String reply) {
    for (DateTimeFormatter format : DATES) {
      try {
        return LocalDate.parse(reply, format).toString();
      } catch (DateTimeParseException e) {
        // the next form
      }
    }
    return null;
  }

  @Override
  public List<String> variablesSet() {
    return variable == null ? List.of() : List.of(variable);
  }

  @Override
  public NodeKind<QuestionNode> kind() {
    return KIND;
  }
}
