package io.chatflows.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflows.api.config.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random bytes, random JSON and mutated real-shaped webhook payloads: the parser either returns
 * events or refuses with a 400 naming the problem; no other exception ever escapes.
 */
class WebhookParserPropertiesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String BUTTON =
      """
      {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": "16505551234"}],
        "messages": [{"context": {"from": "15550783881", "id": "wamid.ctx"}, "from": "16505551234",
          "id": "wamid.msg", "timestamp": "1712595443", "type": "button",
          "button": {"payload": "Track Order", "text": "Track Order"}},
          {"from": "16505551234", "id": "wamid.txt", "timestamp": "1749416383", "type": "text", "text": {"body": "hi"}},
          {"from": "16505551234", "id": "wamid.int", "timestamp": "1750090702", "type": "interactive",
           "interactive": {"type": "button_reply", "button_reply": {"id": "change-button", "title": "Change"}}}],
        "statuses": [{"id": "wamid.ours", "status": "failed", "timestamp": "1712595455", "recipient_id": "16505551234",
          "errors": [{"code": 131047, "title": "Re-engagement message"}]}]}}]}]}
      """;

  @Property(tries = 400)
  void randomBytesNeverEscapeAsAnythingButA400(@ForAll byte[] body) {
    assertParsesOrRefuses(body);
  }

  @Property(tries = 400)
  void mutatedPayloadsNeverEscapeAsAnythingButA400(@ForAll("mutations") JsonNode payload) {
    assertParsesOrRefuses(payload.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void truncatedPayloadsNeverEscapeAsAnythingButA400(@ForAll("cuts") int cut) {
    byte[] full = BUTTON.getBytes(StandardCharsets.UTF_8);
    byte[] truncated = java.util.Arrays.copyOf(full, Math.min(cut, full.length));
    assertParsesOrRefuses(truncated);
  }

  private static void assertParsesOrRefuses(byte[] body) {
    try {
      List<WebhookEvent> events = WebhookParser.parse(JSON, body, 1_000);
      assertThat(events).doesNotContainNull();
    } catch (ApiException refused) {
      assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.code()).isNotBlank();
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers().between(0, BUTTON.length());
  }

  /** The sample with one field at some path replaced by a value of another type, or removed. */
  @Provide
  Arbitrary<JsonNode> mutations() {
    Arbitrary<JsonNode> replacements =
        Arbitraries.of(
            NODES.nullNode(),
            NODES.numberNode(7),
            NODES.textNode("x"),
            NODES.booleanNode(false),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.arrayNode().add(NODES.objectNode()));
    return Combinators.combine(
            Arbitraries.integers().between(0, 200), replacements, Arbitraries.of(true, false))
        .as(
            (index, replacement, remove) -> {
              JsonNode root = JSON.readTree(BUTTON);
              mutate(root, new int[] {index}, replacement, remove);
              return root;
            });
  }

  /** Walks the tree depth-first and changes the {@code index[0]}-th field or element met. */
  private static boolean mutate(JsonNode node, int[] index, JsonNode replacement, boolean remove) {
    if (node instanceof ObjectNode object) {
      for (String name : List.copyOf(object.propertyNames())) {
        if (index[0]-- == 0) {
          if (remove) {
            object.remove(name);
          } else {
            object.set(name, replacement);
          }
          return true;
        }
        if (mutate(object.get(name), index, replacement, remove)) {
          return true;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (index[0]-- == 0) {
          array.set(i, replacement);
          return true;
        }
        if (mutate(array.get(i), index, replacement, remove)) {
          return true;
        }
      }
    }
    return false;
  }
}
