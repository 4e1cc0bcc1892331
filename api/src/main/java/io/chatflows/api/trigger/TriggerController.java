package io.chatflows.api.trigger;

import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.trigger.TriggerService.TriggerRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /chat-flow/triggers/}: what a contact writes that starts a flow. */
@Tag(
    name = "Triggers",
    description =
        "Inbound triggers: keywords and catch-alls that start a flow from a contact's message")
@RestController
@RequestMapping("/chat-flow/triggers")
class TriggerController {

  static final String CONFLICT =
      "another active trigger already claims this (`trigger_conflict`): the same keyword, match,"
          + " channel scope and priority, or a second catch-all on the same channel scope;"
          + " `errors[0].trigger` names it";

  private final TriggerService service;

  TriggerController(TriggerService service) {
    this.service = service;
  }

  /**
   * A trigger as stored. {@code fires} tells whether it can start anything now: it is active and
   * its flow exists and is active.
   */
  @Schema(name = "Trigger")
  record TriggerResponse(
      String id,
      String flow,
      @Schema(allowableValues = {"keyword", "catch_all"}) String type,
      List<String> keywords,
      @Schema(
              nullable = true,
              allowableValues = {"exact", "contains", "regex"})
          String match,
      @Schema(nullable = true) String channel,
      int priority,
      boolean interrupt,
      boolean isActive,
      @Schema(description = "active, and its flow exists and is active") boolean fires,
      Instant createdAt,
      Instant updatedAt) {

    static TriggerResponse of(TriggerDocument t, boolean flowActive) {
      return new TriggerResponse(
          t.id(),
          t.flowId(),
          t.type(),
          t.keywords(),
          t.match(),
          t.channel(),
          t.priority(),
          t.interrupt(),
          t.isActive(),
          t.isActive() && flowActive,
          t.createdAt(),
          t.updatedAt());
    }
  }

  @Operation(operationId = "listTriggers", summary = "List triggers, oldest first")
  @GetMapping
  PageResponse<TriggerResponse> list(Workspace workspace, Paging paging) {
    List<TriggerResponse> results =
        service.page(workspace, paging.offset(), paging.pageSize()).stream()
            .map(t -> response(workspace, t))
            .toList();
    return paging.answer(results, service.count(workspace));
  }

  @Operation(operationId = "createTrigger", summary = "Create a trigger")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  @ResponseStatus(HttpStatus.CREATED)
  @PostMapping
  TriggerResponse create(Workspace workspace, @RequestBody TriggerRequest body) {
    return response(workspace, service.create(workspace, body));
  }

  @Operation(operationId = "getTrigger", summary = "Get a trigger")
  @GetMapping("/{id}")
  TriggerResponse get(Workspace workspace, @PathVariable String id) {
    return response(workspace, service.get(workspace, id));
  }

  @Operation(operationId = "replaceTrigger", summary = "Replace a trigger")
  @ApiResponse(responseCode = "409", description = CONFLICT)
  @ResponseStatus(HttpStatus.OK)
  @PutMapping("/{id}")
  TriggerResponse replace(
      Workspace workspace, @PathVariable String id, @RequestBody TriggerRequest body) {
    return response(workspace, service.replace(workspace, id, body));
  }

  @Operation(operationId = "deleteTrigger", summary = "Delete a trigger")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @DeleteMapping("/{id}")
  void delete(Workspace workspace, @PathVariable String id) {
    service.delete(workspace, id);
  }

  private TriggerResponse response(Workspace workspace, TriggerDocument trigger) {
    return TriggerResponse.of(trigger, service.flowActive(workspace, trigger));
  }
}
