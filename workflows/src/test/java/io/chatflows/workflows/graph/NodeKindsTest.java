package io.chatflows.workflows.graph;

import static io.chatflows.workflows.testing.Flows.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflows.workflows.testing.Flows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kinds as one registry: every record of the sealed hierarchy is a registered kind that reads
 * into itself, and what {@link NodeKinds#describe()} publishes has the shape of the node-kinds
 * contract, with each field's bounds taken from {@link Limits}.
 */
class NodeKindsTest {

  /** The records of the sealed hierarchy, but the one for unknown nodes. */
  private static List<Class<?>> kindRecords(Class<?> sealed) {
    List<Class<?>> records = new ArrayList<>();
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed()) {
        records.addAll(kindRecords(permitted));
      } else if (permitted != UnknownNode.class) {
        records.add(permitted);
      }
    }
    return records;
  }

  @Test
  void givenTheSealedHierarchy_whenListed_everyKindRecordIsRegisteredOnce() throws Exception {
    List<Class<?>> registered = new ArrayList<>();
    for (NodeKind<?> kind : NodeKinds.all()) {
      JsonNode data =
          kind.action() == null ? json("{}") : json("{'action': '" + kind.action() + "'}");
      registered.add(NodeKinds.read(new NodeBase("n1", kind.type(), null, data)).getClass());
    }

    assertThat(registered)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(kindRecords(GraphNode.class));
    assertThat(NodeKinds.all()).extracting(NodeKind::id).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sticker  | {}",
        "Template | {}",
        "action   | {'action': 'teleport'}",
        "action   | {}",
        "         | {'action': 'end'}"
      })
  void givenANodeNoKindDeclares_whenRead_itIsAnUnknownNode(String type, String data) {
    assertThat(NodeKinds.read(new NodeBase("n1", type, null, json(data))))
        .isInstanceOf(UnknownNode.class);
  }

  @Test
  void givenEveryKind_whenDescribed_itHasTheKeysOfTheContract() throws Exception {
    JsonNode sut = Flows.JSON.valueToTree(NodeKinds.describe());

    assertThat(names(sut))
        .containsExactly("kinds", "triggers", "operators", "condition_subjects", "placeholders");
    for (JsonNode kind : sut.get("kinds")) {
      assertThat(names(kind))
          .containsExactly(
              "kind",
              "type",
              "action",
              "label",
              "description",
              "category",
              "waits_for_contact",
              "data_schema",
              "outputs");
      assertThat(kind.get("category").asText()).isIn("message", "logic", "action");
      assertThat(kind.get("waits_for_contact").asText())
          .isIn("never", "always", "with_reply_edges");
      assertThat(kind.get("data_schema").get("type").asText()).isEqualTo("object");
      assertThat(kind.get("data_schema").get("additionalProperties").asBoolean()).isTrue();
      for (JsonNode output : kind.get("outputs")) {
        assertThat(names(output)).containsExactly("trigger", "label", "per", "description");
        assertThat(Trigger.fromWire(output.get("trigger").asText())).isNotNull();
      }
    }
    assertThat(sut.get("kinds").get(0).get("action").isNull()).isTrue();
    assertThat(sut.get("kinds").findValuesAsText("kind"))
        .containsExactly(
            "template",
            "buttons",
            "list",
            "media",
            "cta_url",
            "location_request",
            "question",
            "condition",
            "action.send_text",
            "action.assign",
            "action.tag",
            "action.untag",
            "action.set_variable",
            "action.set_attribute",
            "action.webhook",
            "action.delay",
            "action.handoff",
            "action.end");
    assertThat(sut.get("triggers").findValuesAsText("trigger"))
        .containsExactly(
            "button_click",
            "text_reply",
            "condition",
            "default",
            "timeout",
            "delivery_failed",
            "button_reply",
            "list_reply",
            "location_received",
            "media_received",
            "window_closed",
            "no_match",
            "invalid");
    assertThat(names(sut.get("triggers").get(0)))
        .containsExactly("trigger", "label", "description", "has_value");
    assertThat(sut.get("operators").findValuesAsText("operator"))
        .containsExactlyElementsOf(
            Arrays.stream(Operator.values()).map(Operator::wireName).toList());
    assertThat(names(sut.get("operators").get(0)))
        .containsExactly("operator", "label", "description", "needs_value");
    assertThat(sut.get("condition_subjects").findValuesAsText("subject"))
        .containsExactly("reply", "variable", "attribute", "tags");
    assertThat(sut.get("placeholders").findValuesAsText("placeholder"))
        .contains("{{contact.name}}", "{{variables.<name>}}", "{{attributes.<name>}}");
  }

  @Test
  void givenTheTemplateKind_whenDescribed_itIsTheContractsExample() {
    JsonNode sut = Flows.JSON.valueToTree(NodeKinds.describe()).get("kinds").get(0);
    JsonNode schema = sut.get("data_schema");

    assertThat(sut.get("waits_for_contact").asText()).isEqualTo("with_reply_edges");
    assertThat(schema.get("required")).isEqualTo(json("['template_id']"));
    assertThat(schema.at("/properties/template_id/x-chatflow-widget").asText())
        .isEqualTo("template");
    assertThat(schema.at("/properties/template_name/readOnly").asBoolean()).isTrue();
    assertThat(schema.at("/properties/parameters/properties/body/items/x-chatflow-widget").asText())
        .isEqualTo("placeholder-text");
    assertThat(schema.at("/properties/timeout_seconds/minimum").asLong())
        .isEqualTo(Limits.REPLY_TIMEOUT_SECONDS.min());
    assertThat(schema.at("/properties/timeout_seconds/maximum").asLong())
        .isEqualTo(Limits.REPLY_TIMEOUT_SECONDS.max());
    assertThat(sut.get("outputs").findValuesAsText("trigger"))
        .containsExactly(
            "button_click", "text_reply", "timeout", "delivery_failed", "no_match", "default");
    assertThat(sut.get("outputs").get(0).get("per").asText()).isEqualTo("template_button");
    assertThat(sut.get("outputs").get(1).get("per").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "action.send_text     | text      | maxLength | 4096",
        "action.assign        | team      | maxLength | 200",
        "action.set_variable  | value     | maxLength | 1024",
        "action.webhook       | url       | maxLength | 2000",
        "action.delay         | seconds   | minimum   | 0",
        "action.delay         | seconds   | maximum   | 2592000",
        "action.tag           | tags      | minItems  | 1",
      })
  void givenAKindsField_whenPublished_itCarriesItsBound(
      String kind, String field, String bound, long value) {
    JsonNode schema = Flows.JSON.valueToTree(NodeKinds.dataSchemas().get(kind));
    JsonNode property = schema.get("properties").get(field);
    JsonNode carrier = property.has(bound) ? property : property.get("items");

    assertThat(carrier.get(bound).asLong()).isEqualTo(value);
  }

  @Test
  void givenActionKinds_whenPublished_theirActionIsAConstantTheyRequire() {
    NodeKinds.dataSchemas()
        .forEach(
            (id, schema) -> {
              if (id.startsWith("action.")) {
                JsonNode tree = Flows.JSON.valueToTree(schema);
                assertThat(tree.at("/properties/action/const").asText())
                    .isEqualTo(id.substring("action.".length()));
                assertThat(tree.get("required").get(0).asText()).isEqualTo("action");
              }
            });
  }

  @Test
  void givenSetVariable_whenPublished_itsNameIsRequiredAndTheOlderKeyDeprecated() {
    Map<String, Object> schema = NodeKinds.dataSchemas().get("action.set_variable");
    JsonNode tree = Flows.JSON.valueToTree(schema);

    assertThat(tree.get("required")).isEqualTo(json("['action', 'name']"));
    assertThat(tree.at("/properties/name/pattern").asText())
        .isEqualTo("^" + Limits.KEY_NAME.pattern() + "$");
    assertThat(tree.at("/properties/variable/deprecated").asBoolean()).isTrue();
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
