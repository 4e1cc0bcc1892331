package io.chatflows.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.analytics.AnalyticsPayloads.Counts;
import io.chatflows.api.analytics.AnalyticsPayloads.Durations;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.workflows.conversation.ConversationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusTallyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void givenTenEndedConversations_whenSummarising_itGivesNearestRankPercentilesAndTheAverage() {
    StatusTally sut = new StatusTally();
    for (int seconds = 1; seconds <= 10; seconds++) {
      sut.add(
          conversation(
              seconds % 2 == 0 ? ConversationStatus.COMPLETED : ConversationStatus.TIMED_OUT,
              seconds));
    }
    sut.add(conversation(ConversationStatus.WAITING, -1));

    Durations durations = sut.durations();
    assertThat(durations.count()).isEqualTo(10);
    assertThat(durations.p50()).isEqualTo(5.0);
    assertThat(durations.p90()).isEqualTo(9.0);
    assertThat(durations.avg()).isEqualTo(5.5);
    Counts counts = sut.counts();
    assertThat(counts.started()).isEqualTo(11);
    assertThat(counts.active()).isEqualTo(1);
    assertThat(counts.ended()).isEqualTo(10);
    assertThat(counts.completed()).isEqualTo(5);
    assertThat(counts.timedOut()).isEqualTo(5);
    assertThat(sut.completionRate()).isEqualTo(0.5);
  }

  @Test
  void givenNoEndedConversation_whenSummarising_itLeavesRatesAndDurationsEmpty() {
    StatusTally sut = new StatusTally();
    sut.add(conversation(ConversationStatus.RUNNING, -1));

    assertThat(sut.completionRate()).isNull();
    assertThat(sut.durations()).isEqualTo(new Durations(0, null, null, null));
  }

  private static ConversationDocument conversation(ConversationStatus status, int seconds) {
    return new ConversationDocument(
        UUID.randomUUID().toString(),
        "w",
        "f",
        1,
        "ch",
        "ck",
        "wf",
        "run",
        status,
        "n1",
        Map.of(),
        0,
        List.of(),
        T0,
        T0,
        seconds < 0 ? null : T0.plusSeconds(seconds));
  }
}
