package io.chatflows.api.migration;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.job.JobView;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.StatusValueConverter;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Moving, restarting or cancelling the conversations a filter selects, in the background. */
@Tag(name = "Conversations")
@RestController
class BulkController {

  /** The most conversation ids a request may name. */
  static final int MAX_IDS = 1_000;

  /** The longest age a filter may name: ten years. */
  static final long MAX_AGE_SECONDS = 10L * 366 * 24 * 3600;

  private final FlowStore flows;
  private final BulkActions actions;

  BulkController(FlowStore flows, BulkActions actions) {
    this.flows = flows;
    this.actions = actions;
  }

  /**
   * Which conversations: every condition given must hold; {@code flow} is required.
   *
   * @param version the flow version they run
   * @param node the node they are at
   * @param status their status (a conversation status's wire name)
   * @param olderThanSeconds started more than this many seconds ago
   * @param startedBefore started before this instant
   * @param contact the contact's WhatsApp id
   * @param ids only these conversations (the builder's checked rows)
   */
  record BulkFilter(
      String flow,
      Integer version,
      String node,
      String status,
      Long olderThanSeconds,
      Instant startedBefore,
      String contact,
      List<String> ids) {}

  /**
   * A bulk action: {@code move} (enter {@code node} of the conversation's version when it next
   * waits; at once when it waits), {@code restart} (start the contact's conversation again on the
   * published version) or {@code cancel}.
   */
  record BulkRequest(BulkFilter filter, String action, String node) {}

  @Operation(
      operationId = "bulkConversations",
      summary = "Move, restart or cancel the conversations a filter selects, in the background",
      description =
          "Starts a job (see `GET /chat-flow/jobs/{id}`) recording the token that asked. Each"
              + " selected conversation is handled once: `move` and `cancel` skip those that"
              + " ended, `move` skips those whose version lacks the node (`no_target`), `restart`"
              + " skips a contact who is in another conversation by then.")
  @ApiResponse(
      responseCode = "400",
      description =
          "a field is missing or invalid, named in `field`: `filter`, `filter.flow`,"
              + " `filter.version` (`unknown_version`), `filter.status`, `filter.older_than_seconds`,"
              + " `filter.contact`, `filter.ids`, `action`, `node` (`unknown_node`)")
  @ApiResponse(
      responseCode = "409",
      description =
          "`restart` of a flow that is inactive or unpublished (`flow_inactive`,"
              + " `flow_not_published`), or too many jobs wait (`jobs_busy`)")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PostMapping("/chat-flow/conversations/bulk")
  ResponseEntity<JobView> bulk(Workspace workspace, @RequestBody BulkRequest body) {
    BulkFilter filter = body.filter();
    if (filter == null) {
      throw ApiException.invalidField("missing_field", "filter", "filter is required");
    }
    if (filter.flow() == null || filter.flow().isBlank()) {
      throw ApiException.invalidField(
          "missing_field", "filter.flow", "filter.flow is required: a bulk action is per flow");
    }
    InputChecks.name("filter.flow", filter.flow(), Limits.ID_LENGTH);
    FlowDocument flow =
        flows
            .find(workspace.id(), filter.flow())
            .orElseThrow(
                () ->
                    ApiException.invalidField(
                        "unknown_flow",
                        "filter.flow",
                        "the workspace has no flow " + filter.flow()));
    BulkActions.Action action = action(body.action());
    ConversationQuery.Builder query =
        ConversationQuery.inWorkspace(workspace.id())
            .flow(flow.id())
            .flowVersion(version(workspace, flow, filter.version()))
            .node(optional("filter.node", filter.node()))
            .status(status(filter.status()));
    Instant before = startedBefore(filter);
    if (before != null) {
      query.startedBetween(null, before);
    }
    if (filter.contact() != null) {
      query.contact(workspace.contactKey(InputChecks.waId("filter.contact", filter.contact())));
    }
    Set<String> ids = ids(filter.ids());
    String node = null;
    if (action == BulkActions.Action.MOVE) {
      node = targetNode(workspace, flow, filter.version(), body.node());
    } else if (body.node() != null) {
      throw ApiException.invalidField(
          "unexpected_field", "node", "node is only for the move action");
    }
    if (action == BulkActions.Action.RESTART) {
      if (!flow.isActive()) {
        throw ApiException.conflict(
            "flow_inactive", "the flow is not active; activate it to restart conversations");
      }
      if (flow.startVersion() == null) {
        throw ApiException.conflict(
            "flow_not_published", "the flow has no published version to restart conversations on");
      }
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("action", action.wireName());
    request.put("filter", describe(filter));
    if (node != null) {
      request.put("node", node);
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            JobView.of(
                actions.start(
                    workspace,
                    flow,
                    new BulkActions.Selection(query.build(), ids),
                    action,
                    node,
                    request)));
  }

  private static BulkActions.Action action(String wireName) {
    if (wireName == null) {
      throw ApiException.invalidField(
          "missing_field", "action", "action is required: move, restart or cancel");
    }
    try {
      return BulkActions.Action.valueOf(wireName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField(
          "invalid_action", "action", "action must be move, restart or cancel");
    }
  }

  private Integer version(Workspace workspace, FlowDocument flow, Integer version) {
    if (version == null) {
      return null;
    }
    if (version < 1 || version > flow.version()) {
      throw ApiException.invalidField(
          "unknown_version", "filter.version", "the flow has no version " + version);
    }
    return version;
  }

  /** The node to move to: in the filter's version, else the published one, else the draft. */
  private String targetNode(Workspace workspace, FlowDocument flow, Integer version, String node) {
    if (node == null || node.isBlank()) {
      throw ApiException.invalidField("missing_field", "node", "node is required to move");
    }
    InputChecks.name("node", node, Limits.ID_LENGTH);
    int in =
        version != null
            ? version
            : flow.startVersion() != null ? flow.startVersion() : flow.version();
    Set<String> nodes = actions.nodesOf(workspace.id(), flow.id(), in).orElse(Set.of());
    if (!nodes.contains(node)) {
      throw ApiException.invalidField(
          "unknown_node", "node", "node " + node + " is not in version " + in + " of the flow");
    }
    return node;
  }

  private static String optional(String field, String value) {
    return value == null ? null : InputChecks.name(field, value, Limits.ID_LENGTH);
  }

  private static io.chatflows.workflows.conversation.ConversationStatus status(String wireName) {
    if (wireName == null) {
      return null;
    }
    return StatusValueConverter.fromWireName(wireName)
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    "invalid_status",
                    "filter.status",
                    "filter.status must be one of the conversation statuses"));
  }

  private static Instant startedBefore(BulkFilter filter) {
    Instant before = filter.startedBefore();
    Long age = filter.olderThanSeconds();
    if (age != null) {
      if (age < 0 || age > MAX_AGE_SECONDS) {
        throw ApiException.invalidField(
            "out_of_range",
            "filter.older_than_seconds",
            "filter.older_than_seconds must be from 0 to " + MAX_AGE_SECONDS);
      }
      Instant cutoff = Instant.now().minusSeconds(age);
      before = before == null || cutoff.isBefore(before) ? cutoff : before;
    }
    return before;
  }

  private static Set<String> ids(List<String> ids) {
    if (ids == null) {
      return null;
    }
    if (ids.isEmpty() || ids.size() > MAX_IDS) {
      throw ApiException.invalidField(
          "invalid_ids", "filter.ids", "filter.ids must name 1 to " + MAX_IDS + " conversations");
    }
    Set<String> kept = new LinkedHashSet<>();
    for (String id : ids) {
      kept.add(InputChecks.name("filter.ids", id, Limits.ID_LENGTH));
    }
    return kept;
  }

  private static Map<String, Object> describe(BulkFilter filter) {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("flow", filter.flow());
    putIf(described, "version", filter.version());
    putIf(described, "node", filter.node());
    putIf(described, "status", filter.status());
    putIf(described, "older_than_seconds", filter.olderThanSeconds());
    putIf(described, "started_before", filter.startedBefore());
    putIf(described, "contact", filter.contact());
    if (filter.ids() != null) {
      described.put("ids", filter.ids().size());
    }
    return described;
  }

  private static void putIf(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
