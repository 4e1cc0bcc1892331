package io.chatflows.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.webhook.WebhookEvent;
import io.chatflows.api.webhook.WebhookParser;
import io.chatflows.workflows.conversation.InboundEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replies to session messages as WhatsApp's webhooks carry them (the samples in test
 * resources/samples, in the Cloud API reference's shapes) become the signal a waiting node matches:
 * the reply's id and title, the location, the media type and caption, and WhatsApp's timestamp.
 */
class WebhookShapesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static WebhookEvent.Message parse(String sample) {
    List<WebhookEvent> events =
        WebhookParser.parse(JSON, Fixtures.sample(sample).getBytes(StandardCharsets.UTF_8), 1_000);
    assertThat(events).hasSize(1);
    return (WebhookEvent.Message) events.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "whatsapp-webhook-interactive-button.json | BUTTON_REPLY | Change | change-button"
            + " | wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA | 1750090702",
        "whatsapp-webhook-interactive-list.json | LIST_REPLY | Priority Mail Express"
            + " | priority_express | wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
            + " | 1750090802",
        "whatsapp-webhook-location.json | LOCATION | 40.782910059774,-73.959075808525 | |"
            + " | 1750090902",
        "whatsapp-webhook-image.json | MEDIA | My receipt | image | | 1750091002",
        "whatsapp-webhook-document.json | MEDIA | | document | | 1750091102",
        "whatsapp-webhook-text.json | TEXT | Does it come in another color? | | | 1749416383",
      })
  void givenAReplySample_whenParsed_itIsTheSignalAWaitingNodeMatches(
      String sample,
      InboundEvent.Kind kind,
      String text,
      String payload,
      String context,
      long timestamp) {
    WebhookEvent.Message sut = parse(sample);

    InboundEvent event = sut.event();
    assertThat(event).isNotNull();
    assertThat(event.kind()).isEqualTo(kind);
    assertThat(event.text()).isEqualTo(text);
    assertThat(event.payload()).isEqualTo(payload);
    assertThat(event.contextMessageId()).isEqualTo(context);
    assertThat(event.at()).isEqualTo(timestamp * 1_000);
    assertThat(event.messageId()).isEqualTo(sut.messageId());
  }

  @Test
  void givenAMessageTypeNoNodeWaitsFor_whenParsed_itIsRecordedWithoutASignal() {
    String reaction =
        Fixtures.sample("whatsapp-webhook-text.json")
            .replace("\"type\": \"text\"", "\"type\": \"reaction\"")
            .replace(
                "\"text\": { \"body\": \"Does it come in another color?\" }",
                "\"reaction\": { \"message_id\": \"wamid.ours\", \"emoji\": \"\\uD83D\\uDC4D\" }");

    List<WebhookEvent> events =
        WebhookParser.parse(JSON, reaction.getBytes(StandardCharsets.UTF_8), 1_000);

    assertThat(events).hasSize(1);
    assertThat(((WebhookEvent.Message) events.get(0)).type()).isEqualTo("reaction");
    assertThat(((WebhookEvent.Message) events.get(0)).event()).isNull();
  }
}
