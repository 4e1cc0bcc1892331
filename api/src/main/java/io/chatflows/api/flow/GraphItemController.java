package io.chatflows.api.flow;

import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.flow.FlowPayloads.GraphItemView;
import io.chatflows.api.security.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The endpoints of {@code /chat-flow/nodes/} and {@code /chat-flow/edges/}: the items of the flows'
 * graphs as resources, a second view of {@code flow_data} where every change edits the flow's graph
 * and makes a new flow version. PUT and PATCH alike replace the fields given and keep the others.
 *
 * <p>The OpenAPI texts say {@code {item}}; {@link GraphItemOperations} names the item of each
 * subclass there ({@code node}, {@code edge}).
 *
 * @param <V> the item as answered
 * @param <R> the body of a create or change
 */
abstract class GraphItemController<V extends GraphItemView, R> {

  static final String EDITED =
      "a field is invalid (`field` names it), or the flow is active and the change would give"
          + " its graph errors (`invalid_flow`, listed in `errors`)";

  private final String item;
  private final GraphItems<V, R> items;

  GraphItemController(String item, GraphItems<V, R> items) {
    this.item = item;
    this.items = items;
  }

  /** What the endpoints serve: {@code node} or {@code edge}. */
  String item() {
    return item;
  }

  @Operation(
      operationId = "list{Items}",
      summary = "List {items}",
      description =
          "The {items} of the flow `flow` names, or of all the workspace's flows (oldest flow"
              + " first, each in graph order).")
  @GetMapping
  PageResponse<V> list(
      Workspace workspace, @RequestParam(required = false) String flow, Paging paging) {
    return items.list(workspace, flow, paging);
  }

  @Operation(operationId = "create{Item}", summary = "Add a {item} to a flow")
  @ApiResponse(responseCode = "400", description = EDITED)
  @ApiResponse(
      responseCode = "409",
      description =
          "the flow has a {item} with this id already (`duplicate_{item}_id`), or other writers"
              + " kept winning (`concurrent_modification`)")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  V create(Workspace workspace, @RequestBody R body) {
    return items.create(workspace, body);
  }

  @Operation(operationId = "get{Item}", summary = "Get a {item}")
  @GetMapping("/{id}")
  V get(Workspace workspace, @PathVariable String id) {
    return items.get(workspace, id);
  }

  @Operation(operationId = "replace{Item}", summary = "Change a {item}: the fields given replace")
  @ApiResponse(responseCode = "400", description = EDITED)
  @ApiResponse(
      responseCode = "409",
      description = "other writers kept winning (`concurrent_modification`)")
  @ResponseStatus(HttpStatus.OK)
  @PutMapping("/{id}")
  V replace(Workspace workspace, @PathVariable String id, @RequestBody R body) {
    return items.update(workspace, id, body);
  }

  @Operation(operationId = "update{Item}", summary = "Change some fields of a {item}")
  @ApiResponse(responseCode = "400", description = EDITED)
  @ApiResponse(
      responseCode = "409",
      description = "other writers kept winning (`concurrent_modification`)")
  @ResponseStatus(HttpStatus.OK)
  @PatchMapping("/{id}")
  V patch(Workspace workspace, @PathVariable String id, @RequestBody R body) {
    return items.update(workspace, id, body);
  }

  @Operation(operationId = "delete{Item}", summary = "Delete a {item}")
  @ApiResponse(
      responseCode = "409",
      description = "other writers kept winning (`concurrent_modification`)")
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(Workspace workspace, @PathVariable String id) {
    items.delete(workspace, id);
  }
}
