package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.flow.FlowPayloads.FlowDetail;
import io.chatflows.api.flow.FlowPayloads.FlowRequest;
import io.chatflows.api.flow.FlowPayloads.FlowSummary;
import io.chatflows.api.flow.FlowPayloads.RollbackRequest;
import io.chatflows.api.flow.FlowPayloads.ValidationResult;
import io.chatflows.api.flow.FlowPayloads.VersionView;
import io.chatflows.api.security.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /chat-flow/flows/}: the builder's flows, their validation and versions. */
@Tag(name = "Flows", description = "The builder's flows, their validation and versions")
@RestController
@RequestMapping("/chat-flow/flows")
class FlowController {

  /** The answer to a save whose graph the flow cannot take. */
  static final String INVALID_FLOW =
      "a field is invalid (`field` names it), or the flow is active and its graph has errors"
          + " (`invalid_flow`, listed in `errors`)";

  /** The answer to a change of a flow that changed in between. */
  static final String MOVED_ON =
      "the flow moved on: `version_conflict` (If-Match or version names an older version) or"
          + " `concurrent_modification` (other writers kept winning), or another active flow has its"
          + " start template (`start_template_claimed`)";

  private final FlowService service;
  private final FlowStore flows;

  FlowController(FlowService service, FlowStore flows) {
    this.service = service;
    this.flows = flows;
  }

  @Operation(operationId = "listFlows", summary = "List flows")
  @GetMapping
  PageResponse<FlowSummary> list(
      Workspace workspace,
      @RequestParam(name = "is_active", required = false) Boolean isActive,
      @RequestParam(required = false) String search,
      @RequestParam(required = false) String ordering,
      Paging paging) {
    FlowQuery.Order order =
        switch (ordering == null ? "-updated_at" : ordering) {
          case "updated_at" -> FlowQuery.Order.EARLIEST_UPDATE_FIRST;
          case "-updated_at" -> FlowQuery.Order.LATEST_UPDATE_FIRST;
          default ->
              throw ApiException.badRequest(
                  "invalid_ordering", "ordering must be updated_at or -updated_at");
        };
    FlowQuery query =
        new FlowQuery(
            workspace.id(),
            isActive,
            search == null || search.isBlank() ? null : search.trim(),
            order);
    List<FlowSummary> results =
        flows.list(query, paging.offset(), paging.pageSize()).stream()
            .map(FlowSummary::of)
            .toList();
    return paging.answer(results, flows.count(query));
  }

  @Operation(operationId = "createFlow", summary = "Create a flow")
  @ResponseStatus(HttpStatus.CREATED)
  @ApiResponse(responseCode = "400", description = INVALID_FLOW)
  @ApiResponse(
      responseCode = "409",
      description = "another active flow has its start template (`start_template_claimed`)")
  @PostMapping
  ResponseEntity<FlowDetail> create(Workspace workspace, @RequestBody FlowRequest body) {
    FlowDetail flow = service.create(workspace, body);
    return ResponseEntity.status(HttpStatus.CREATED).eTag(etag(flow)).body(flow);
  }

  @Operation(
      operationId = "validateFlow",
      summary = "Validate a flow without saving it",
      description = "The errors and warnings the flow would have; nothing is stored.")
  @PostMapping("/validate")
  ValidationResult validate(Workspace workspace, @RequestBody FlowRequest body) {
    return service.validate(workspace, body);
  }

  /** The flow with its graph; the {@code ETag} is its version, for {@code If-Match}. */
  @Operation(
      operationId = "getFlow",
      summary = "Get a flow with its graph and problems",
      description = "The `ETag` is the flow's version, for `If-Match` on a later PUT or PATCH.")
  @GetMapping("/{id}")
  ResponseEntity<FlowDetail> get(Workspace workspace, @PathVariable String id) {
    FlowDetail flow = service.detail(workspace, id);
    return ResponseEntity.ok().eTag(etag(flow)).body(flow);
  }

  /**
   * Replaces the flow. With {@code If-Match: "<version>"} or a body {@code version}, refused with
   * 409 {@code version_conflict} when the flow has moved on; without, the last write wins.
   */
  @Operation(operationId = "replaceFlow", summary = "Replace a flow")
  @ApiResponse(responseCode = "400", description = INVALID_FLOW)
  @ApiResponse(responseCode = "409", description = MOVED_ON)
  @ResponseStatus(HttpStatus.OK)
  @PutMapping("/{id}")
  ResponseEntity<FlowDetail> replace(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody FlowRequest body) {
    return updated(service.update(workspace, id, body, false, expected(ifMatch, body)));
  }

  /** Changes the fields given; the same precondition as PUT. */
  @Operation(operationId = "updateFlow", summary = "Change some fields of a flow")
  @ApiResponse(responseCode = "400", description = INVALID_FLOW)
  @ApiResponse(responseCode = "409", description = MOVED_ON)
  @ResponseStatus(HttpStatus.OK)
  @PatchMapping("/{id}")
  ResponseEntity<FlowDetail> patch(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody FlowRequest body) {
    return updated(service.update(workspace, id, body, true, expected(ifMatch, body)));
  }

  private static ResponseEntity<FlowDetail> updated(FlowDetail flow) {
    return ResponseEntity.ok().eTag(etag(flow)).body(flow);
  }

  private static String etag(FlowDetail flow) {
    return "\"" + flow.version() + "\"";
  }

  /** The version a PUT/PATCH is based on: {@code If-Match} ({@code "3"}, {@code W/"3"}) or body. */
  static Integer expected(String ifMatch, FlowRequest body) {
    return expected(ifMatch, body.version());
  }

  static Integer expected(String ifMatch, Integer bodyVersion) {
    Integer header = null;
    if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
      String value = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
      try {
        header = Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw ApiException.invalidField(
            "invalid_if_match", "If-Match", "If-Match must be a flow version such as \"3\"");
      }
    }
    if (header != null && bodyVersion != null && !header.equals(bodyVersion)) {
      throw ApiException.invalidField(
          "invalid_if_match", "version", "If-Match and version name different versions");
    }
    return header != null ? header : bodyVersion;
  }

  /** Deletes the flow; conversations already running keep their version snapshot. */
  @Operation(operationId = "deleteFlow", summary = "Delete a flow")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @DeleteMapping("/{id}")
  void delete(Workspace workspace, @PathVariable String id) {
    if (!flows.delete(workspace.id(), id)) {
      throw ApiException.notFound("flow");
    }
  }

  @Operation(
      operationId = "publishFlow",
      summary = "Publish a flow's draft",
      description =
          "New conversations start on the published version; conversations already running keep"
              + " theirs. A draft already published is answered as it is. With `If-Match` the"
              + " draft must still be at that version.")
  @ApiResponse(
      responseCode = "400",
      description = "the draft has errors (`invalid_flow`, listed in `errors`)")
  @ApiResponse(responseCode = "404", description = "no such flow in this workspace")
  @ApiResponse(responseCode = "409", description = MOVED_ON)
  @ResponseStatus(HttpStatus.OK)
  @PostMapping("/{id}/publish")
  ResponseEntity<FlowDetail> publish(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
    service.publish(workspace, id, expected(ifMatch, (Integer) null));
    return updated(service.detail(workspace, id));
  }

  @Operation(
      operationId = "rollbackFlow",
      summary = "Roll a flow back to an earlier version",
      description =
          "The version's graph and settings become the draft's next version, published at once;"
              + " the versions in between stay in the history. With `If-Match` the draft must"
              + " still be at that version.")
  @ApiResponse(
      responseCode = "400",
      description =
          "`version` is missing or not a positive number, or that version has errors now"
              + " (`invalid_flow`)")
  @ApiResponse(responseCode = "404", description = "no such flow or version in this workspace")
  @ApiResponse(responseCode = "409", description = MOVED_ON)
  @ResponseStatus(HttpStatus.OK)
  @PostMapping("/{id}/rollback")
  ResponseEntity<FlowDetail> rollback(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody RollbackRequest body) {
    if (body.version() == null) {
      throw ApiException.invalidField("version_required", "version", "version is required");
    }
    int target = checkedVersion(body.version());
    service.rollback(workspace, id, target, expected(ifMatch, (Integer) null));
    return updated(service.detail(workspace, id));
  }

  private static int checkedVersion(int version) {
    if (version < 1) {
      throw ApiException.invalidField(
          "invalid_version", "version", "version must be a whole number from 1");
    }
    return version;
  }

  @Operation(
      operationId = "listFlowVersions",
      summary = "List a flow's versions, newest first",
      description =
          "Every change of the draft's graph or settings makes a version: who made it, what it"
              + " changed, and whether and when it was published.")
  @GetMapping("/{id}/versions")
  PageResponse<VersionView> versions(Workspace workspace, @PathVariable String id, Paging paging) {
    FlowDocument flow = service.get(workspace, id);
    List<VersionView> results =
        flows
            .versions(workspace.id(), id, flow.version(), paging.offset(), paging.pageSize())
            .stream()
            .map(v -> VersionView.of(v, flow, false))
            .toList();
    return paging.answer(results, flows.countVersions(workspace.id(), id, flow.version()));
  }

  @Operation(operationId = "getFlowVersion", summary = "Get one version of a flow with its graph")
  @ApiResponse(responseCode = "400", description = "`version` is not a whole number from 1")
  @ApiResponse(responseCode = "404", description = "no such flow or version in this workspace")
  @ResponseStatus(HttpStatus.OK)
  @GetMapping("/{id}/versions/{version}")
  VersionView version(Workspace workspace, @PathVariable String id, @PathVariable int version) {
    FlowDocument flow = service.get(workspace, id);
    return flows
        .version(workspace.id(), id, checkedVersion(version))
        .filter(v -> v.version() <= flow.version())
        .map(v -> VersionView.of(v, flow, true))
        .orElseThrow(() -> ApiException.notFound("version"));
  }
}
