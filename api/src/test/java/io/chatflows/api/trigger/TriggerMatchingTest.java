package io.chatflows.api.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Normalisation, the three match kinds, the regular-expression time budget and the order. */
class TriggerMatchingTest {

  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @Test
  void givenAccentsCaseAndSpaces_whenNormalized_itComparesAsPlainLowerCaseWords() {
    assertThat(TriggerText.normalize("  MenÚ \t Principal\n")).isEqualTo("menu principal");
    assertThat(TriggerText.normalize("Ça VA")).isEqualTo("ca va");
    assertThat(TriggerText.normalize(null)).isEmpty();
  }

  @Test
  void givenExactKeyword_whenMessageIsTheKeywordInAnotherCase_itMatchesButNotInsideASentence() {
    TriggerDocument menu = keyword("exact", null, 0, T0, "Menú");
    assertThat(matches(menu, "MENU")).isTrue();
    assertThat(matches(menu, "  menu  ")).isTrue();
    assertThat(matches(menu, "menu please")).isFalse();
  }

  @Test
  void givenContainsKeyword_whenInTheMessage_itMatchesWholeWordsAndPhrasesOnly() {
    TriggerDocument menu = keyword("contains", null, 0, T0, "main menu");
    assertThat(matches(menu, "Show me the MAIN   menú!")).isTrue();
    assertThat(matches(menu, "main menu")).isTrue();
    assertThat(matches(menu, "main menus")).isFalse();
    assertThat(matches(menu, "domain menu")).isFalse();
  }

  @Test
  void givenRegexKeyword_whenTheMessageHasAMatch_itMatchesIgnoringCaseAndAccents() {
    TriggerDocument order = keyword("regex", null, 0, T0, "^order\\s*#?\\d+$");
    assertThat(matches(order, "Order #123")).isTrue();
    assertThat(matches(order, "order 12 now")).isFalse();
    TriggerDocument cafe = keyword("regex", null, 0, T0, "CAFÉ");
    assertThat(matches(cafe, "un cafe por favor")).isTrue();
  }

  @Test
  void givenCatastrophicPattern_whenItRunsOnALongMessage_itGivesUpQuicklyAsNoMatch() {
    TriggerDocument evil = keyword("regex", null, 0, T0, "^(a+)+$");
    String text = "a".repeat(4_000) + "!";
    long started = System.nanoTime();
    assertThat(matches(evil, text)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void givenMatchingTriggers_whenOrdered_channelThenPriorityThenMatchKindThenAgeDecides() {
    TriggerDocument allChannelsHigh = keyword("exact", null, 900, T0, "menu");
    TriggerDocument channelLow = keyword("regex", "106540352242922", 1, T0.plusSeconds(9), "menu");
    TriggerDocument channelHighContains =
        keyword("contains", "106540352242922", 5, T0.plusSeconds(5), "menu");
    TriggerDocument channelHighExactNew =
        keyword("exact", "106540352242922", 5, T0.plusSeconds(3), "menu");
    TriggerDocument channelHighExactOld =
        keyword("exact", "106540352242922", 5, T0.plusSeconds(1), "menu");
    List<TriggerDocument> sorted =
        new ArrayList<>(
            List.of(
                allChannelsHigh,
                channelLow,
                channelHighContains,
                channelHighExactNew,
                channelHighExactOld));
    sorted.sort(InboundTriggers.ORDER);
    assertThat(sorted)
        .containsExactly(
            channelHighExactOld,
            channelHighExactNew,
            channelHighContains,
            channelLow,
            allChannelsHigh);
  }

  @Test
  void givenCatchAlls_whenOrdered_theChannelSpecificOneComesFirst() {
    TriggerDocument everywhere = catchAll(null, T0);
    TriggerDocument onChannel = catchAll("106540352242922", T0.plusSeconds(1));
    List<TriggerDocument> sorted = new ArrayList<>(List.of(everywhere, onChannel));
    sorted.sort(InboundTriggers.ORDER);
    assertThat(sorted).containsExactly(onChannel, everywhere);
  }

  private static TriggerDocument catchAll(String channel, Instant created) {
    return new TriggerDocument(
        "c" + ids++,
        "ws-1",
        "flow-1",
        TriggerDocument.CATCH_ALL,
        List.of(),
        null,
        channel,
        0,
        false,
        true,
        created,
        created);
  }

  private static boolean matches(TriggerDocument trigger, String message) {
    return InboundTriggers.matches(trigger, TriggerText.normalize(message));
  }

  private static int ids;

  private static TriggerDocument keyword(
      String match, String channel, int priority, Instant created, String... keywords) {
    return new TriggerDocument(
        "t" + ids++,
        "ws-1",
        "flow-1",
        TriggerDocument.KEYWORD,
        List.of(keywords),
        match,
        channel,
        priority,
        false,
        true,
        created,
        created);
  }
}
