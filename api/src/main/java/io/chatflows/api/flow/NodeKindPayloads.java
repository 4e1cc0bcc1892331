package io.chatflows.api.flow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shape of {@code GET /chat-flow/node-kinds/} for the OpenAPI document. The answer itself is
 * the model's own description ({@code NodeKinds.describe()}); these records only name its fields
 * (an api test checks the answer against them), and the enumerations come from the model.
 */
final class NodeKindPayloads {

  private NodeKindPayloads() {}

  @Schema(name = "NodeKinds")
  record NodeKinds(
      List<Kind> kinds,
      List<TriggerInfo> triggers,
      List<OperatorInfo> operators,
      List<ConditionSubjectInfo> conditionSubjects,
      List<PlaceholderInfo> placeholders) {}

  /**
   * A node kind.
   *
   * @param kind its id: the node {@code type}, or {@code action.<action>} for actions
   * @param type the node's {@code type} in {@code flow_data}
   * @param action for action kinds, the value of {@code data.action}; else null
   * @param category where a palette groups it
   * @param waitsForContact whether a node of it waits for the contact
   * @param dataSchema the JSON Schema (2020-12) of the node's {@code data}
   * @param outputs the handles a node of it can have, in display order
   */
  @Schema(name = "NodeKind")
  record Kind(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String kind,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
      @Schema(nullable = true) String action,
      String label,
      String description,
      String category,
      String waitsForContact,
      Map<String, Object> dataSchema,
      List<KindOutput> outputs) {}

  /**
   * A handle of a node kind.
   *
   * @param per {@code template_button}: one handle per quick-reply button; {@code rule}: one per
   *     condition rule; null: one handle
   */
  @Schema(name = "NodeKindOutput")
  record KindOutput(
      String trigger, String label, @Schema(nullable = true) String per, String description) {}

  /** An edge trigger; {@code has_value}: its edges carry a {@code trigger_value}. */
  @Schema(name = "EdgeTrigger")
  record TriggerInfo(String trigger, String label, String description, boolean hasValue) {}

  /** A condition operator; {@code needs_value}: its rules compare with a value. */
  @Schema(name = "ConditionOperator")
  record OperatorInfo(String operator, String label, String description, boolean needsValue) {}

  /** What a condition checks; {@code needs_key}: it names a variable or attribute. */
  @Schema(name = "ConditionSubject")
  record ConditionSubjectInfo(String subject, String label, String description, boolean needsKey) {}

  /** A placeholder texts may hold, such as {@code {{contact.name}}}. */
  @Schema(name = "Placeholder")
  record PlaceholderInfo(String placeholder, String description) {}
}
