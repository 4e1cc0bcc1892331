package io.chatflows.workflows.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorTest {

  @ParameterizedTest(name = "''{1}'' {0} ''{2}'' -> {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "equals       | ' Yes '          | yes            | true",
        "equals       | yes please       | yes            | false",
        "             | YES              | yes            | true",
        "not_equals   | no               | yes            | true",
        "not_equals   | YES              | yes            | false",
        "contains     | Where is ORDER 7 | order          | true",
        "contains     | Where is it      | order          | false",
        "starts_with  | '  Track it'     | track          | true",
        "starts_with  | please track     | track          | false",
        "matches      | abc12345         | '[0-9]{5}'     | true",
        "matches      | ABC              | '^abc$'        | true",
        "matches      | abc1234          | '^[0-9]{5}$'   | false",
        "matches      | abc              | '([a-z'        | false",
        "matches      | abc              | NULL           | false",
        "greater_than | 10.5             | 9              | true",
        "greater_than | 9                | 10.5           | false",
        "greater_than | 100              | 99             | true",
        "greater_than | abc              | 1              | false",
        "less_than    | abc              | 1              | false",
        "less_than    | -3               | 0              | true",
        "less_than    | 5                | NULL           | false",
        "in           | Silver           | 'gold, silver' | true",
        "in           | silv             | 'gold, silver' | false",
        "is_set       | x                | NULL           | true",
        "is_set       | '   '            | NULL           | false",
        "is_set       | NULL             | NULL           | false",
        "equals       | NULL             | yes            | false",
        "contains     | NULL             | yes            | false",
        "not_equals   | NULL             | yes            | true",
        "approximately| yes              | yes            | false",
      })
  void givenARule_whenEvaluatedOnAValue_itHoldsAsSpecified(
      String operator, String value, String expected, boolean holds) {
    assertThat(Operator.holds(operator, value, expected)).isEqualTo(holds);
  }

  @Test
  void givenTags_whenEvaluated_itHoldsWhenTheRuleHoldsForAnyTag() {
    List<String> tags = List.of("VIP", "new-customer");

    assertThat(Operator.holdsForTags("equals", tags, "vip")).isTrue();
    assertThat(Operator.holdsForTags(null, tags, "new-customer")).isTrue();
    assertThat(Operator.holdsForTags("starts_with", tags, "new")).isTrue();
    assertThat(Operator.holdsForTags("matches", tags, "^new-")).isTrue();
    assertThat(Operator.holdsForTags("not_equals", tags, "vip")).isFalse();
    assertThat(Operator.holdsForTags("not_equals", tags, "gold")).isTrue();
    assertThat(Operator.holdsForTags("not_equals", List.of(), "gold")).isTrue();
    assertThat(Operator.holdsForTags("is_set", tags, null)).isTrue();
    assertThat(Operator.holdsForTags("is_set", tags, " vip ")).isTrue();
    assertThat(Operator.holdsForTags("is_set", tags, "gold")).isFalse();
    assertThat(Operator.holdsForTags("is_set", List.of(), "")).isFalse();
    assertThat(Operator.holdsForTags("equals", List.of(), "vip")).isFalse();
  }

  @Test
  void givenACatastrophicPattern_whenMatched_itGivesUpQuicklyAndDoesNotHold() {
    String input = "a".repeat(40) + "!";

    boolean holds =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> Operator.holds("matches", input, "(a+)+$"));

    assertThat(holds).isFalse();
  }

  @Test
  void givenTheSameCatastrophicPattern_whenMatchedTwice_itGivesTheSameAnswer() {
    String input = "a".repeat(30) + "!";

    assertThat(Operator.holds("matches", input, "(a+)+$"))
        .isEqualTo(Operator.holds("matches", input, "(a+)+$"))
        .isFalse();
  }

  @Test
  void givenALongBenignInput_whenMatched_theBudgetDoesNotGetInTheWay() {
    String input = "order ".repeat(2_000) + "A-12345";

    assertThat(Operator.holds("matches", input, "A-[0-9]{5}$")).isTrue();
  }
}
