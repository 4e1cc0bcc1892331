package io.chatflows.api.trigger;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.workflows.graph.Limits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/** The rules of a trigger's fields; each failure is a 400 problem naming the field. */
final class TriggerInput {

  /** Keywords of one trigger. */
  static final int MAX_KEYWORDS = 20;

  /** Length of one keyword or phrase. */
  static final int KEYWORD_LENGTH = 64;

  /** Length of one regular expression. */
  static final int PATTERN_LENGTH = 200;

  /** Priorities: a higher one wins among matching triggers. */
  static final Limits.Range PRIORITY = new Limits.Range(0, 1_000);

  static final List<String> TYPES = List.of(TriggerDocument.KEYWORD, TriggerDocument.CATCH_ALL);

  /** The match kinds, in the order they win a tie. */
  static final List<String> MATCHES = List.of("exact", "contains", "regex");

  private TriggerInput() {}

  static String type(String type) {
    if (type == null || !TYPES.contains(type)) {
      throw ApiException.invalidField("invalid_type", "type", "type must be one of " + TYPES);
    }
    return type;
  }

  /** The match kind of a keyword trigger ({@code exact} when absent); a catch-all has none. */
  static String match(String type, String match) {
    if (TriggerDocument.CATCH_ALL.equals(type)) {
      if (match != null) {
        throw ApiException.invalidField(
            "invalid_match", "match", "a catch_all trigger has no match");
      }
      return null;
    }
    if (match == null) {
      return "exact";
    }
    if (!MATCHES.contains(match)) {
      throw ApiException.invalidField("invalid_match", "match", "match must be one of " + MATCHES);
    }
    return match;
  }

  /**
   * The keywords of a keyword trigger: 1 to {@link #MAX_KEYWORDS}, each with something left after
   * normalising, no two alike; a pattern must compile. A catch-all has none.
   */
  static List<String> keywords(String type, String match, List<String> keywords) {
    if (TriggerDocument.CATCH_ALL.equals(type)) {
      if (keywords != null && !keywords.isEmpty()) {
        throw ApiException.invalidField(
            "invalid_keywords", "keywords", "a catch_all trigger has no keywords");
      }
      return List.of();
    }
    if (keywords == null || keywords.isEmpty() || keywords.size() > MAX_KEYWORDS) {
      throw ApiException.invalidField(
          "invalid_keywords", "keywords", "keywords must list 1 to " + MAX_KEYWORDS + " keywords");
    }
    boolean regex = "regex".equals(match);
    List<String> checked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < keywords.size(); i++) {
      String field = "keywords[" + i + "]";
      String keyword =
          InputChecks.name(field, keywords.get(i), regex ? PATTERN_LENGTH : KEYWORD_LENGTH);
      String normalized = regex ? keyword : TriggerText.normalize(keyword);
      if (normalized.isBlank()) {
        throw ApiException.invalidField(
            "invalid_keyword", field, field + " has nothing left to match once trimmed");
      }
      if (regex) {
        try {
          TriggerText.compile(keyword);
        } catch (PatternSyntaxException e) {
          throw ApiException.invalidField(
              "invalid_pattern",
              field,
              field + " is not a regular expression: " + e.getDescription());
        }
      }
      if (!seen.add(normalized)) {
        throw ApiException.invalidField(
            "duplicate_keyword", field, field + " repeats an earlier keyword");
      }
      checked.add(keyword);
    }
    return List.copyOf(checked);
  }

  static int priority(Long priority) {
    return priority == null
        ? 0
        : (int) InputChecks.inRange("invalid_priority", "priority", priority, PRIORITY);
  }
}
