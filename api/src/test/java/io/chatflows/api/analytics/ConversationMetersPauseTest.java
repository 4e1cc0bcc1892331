package io.chatflows.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConversationMetersPauseTest {

  @Test
  void givenAQuickCount_whenPausing_itCountsAgainAfterTenSeconds() {
    assertThat(ConversationMeters.pauseAfter(Duration.ofMillis(40)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(ConversationMeters.pauseAfter(Duration.ofMillis(500)))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void givenASlowCount_whenPausing_itWaitsNineteenTimesAsLongSoCountingUsesAtMostATwentieth() {
    Duration took = Duration.ofSeconds(3);
    Duration pause = ConversationMeters.pauseAfter(took);

    assertThat(pause).isEqualTo(Duration.ofSeconds(57));
    assertThat((double) took.toMillis() / (took.toMillis() + pause.toMillis())).isEqualTo(0.05);
  }
}
