package io.chatflows.worker.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.graph.TemplateSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template messages as the WhatsApp Cloud API takes them: header, body, then buttons. */
class MessageBodiesTest {

  private static SendTemplateCommand command(List<String> header, List<String> body) {
    return new SendTemplateCommand(
        "c-1",
        "ws-1",
        "100",
        "n1",
        1,
        new ContactRef("15550001111", "Ada", "key"),
        new TemplateSpec("t1", "order_status", "en_US", List.of("Yes")),
        body,
        List.of("cf:c-1:1:0"),
        null,
        header);
  }

  @Test
  void givenHeaderAndBodyParameters_whenWritten_theHeaderComesFirst() {
    Map<String, Object> sut = MessageBodies.template(command(List.of("A-42"), List.of("Ada")));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> components =
        (List<Map<String, Object>>) ((Map<String, Object>) sut.get("template")).get("components");
    assertThat(components)
        .extracting(c -> c.get("type"))
        .containsExactly("header", "body", "button");
    assertThat(components.get(0).get("parameters"))
        .isEqualTo(List.of(Map.of("type", "text", "text", "A-42")));
    assertThat(components.get(1).get("parameters"))
        .isEqualTo(List.of(Map.of("type", "text", "text", "Ada")));
  }

  @Test
  void givenNoParameters_whenWritten_onlyTheButtonsAreComponents() {
    Map<String, Object> sut = MessageBodies.template(command(List.of(), List.of()));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> components =
        (List<Map<String, Object>>) ((Map<String, Object>) sut.get("template")).get("components");
    assertThat(components).extracting(c -> c.get("type")).containsExactly("button");
  }
}
