package io.chatflows.api.flow;

import io.chatflows.workflows.graph.NodeKinds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /chat-flow/node-kinds/}: the flow model as clients need it to draw and check flows,
 * described by the model itself ({@link NodeKinds#describe()}): each node kind with the JSON Schema
 * of its {@code data}, its outputs (handles), labels and descriptions; the edge triggers, condition
 * operators and subjects, and placeholders. The same data schemas are in the OpenAPI document.
 */
@RestController
@Tag(
    name = "Node kinds",
    description =
        "The node kinds a flow is made of, with the schema of their data and their handles; the"
            + " edge triggers, condition operators and placeholders")
class NodeKindController {

  /** The description never changes while the app runs: computed once. */
  private static final Map<String, Object> NODE_KINDS = NodeKinds.describe();

  @Operation(
      operationId = "listNodeKinds",
      summary = "Describe the node kinds, triggers, operators and placeholders",
      description =
          "What a builder draws its palette, node handles and inspector forms from. Each kind's"
              + " `data_schema` is a JSON Schema (2020-12) of `node.data`; `x-chatflow-widget`"
              + " hints at a form widget.")
  @ApiResponse(
      responseCode = "200",
      description = "OK",
      content = @Content(schema = @Schema(implementation = NodeKindPayloads.NodeKinds.class)))
  @GetMapping("/chat-flow/node-kinds")
  Map<String, Object> nodeKinds() {
    return NODE_KINDS;
  }
}
