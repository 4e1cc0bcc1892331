package io.chatflows.api.conversation;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.api.channel.Channels;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.flow.FlowService;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.conversation.StatusValueConverter;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.graph.Limits;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Starting, listing, reading and cancelling conversations. */
@Tag(
    name = "Conversations",
    description = "Contacts' runs through flows, each a durable Temporal workflow")
@RestController
class ConversationController {

  private final ConversationStarter starter;
  private final ConversationStore conversations;
  private final FlowService flows;
  private final Channels channels;
  private final ConversationRuns runs;
  private final ConversationMeters meters;
  private final MessageStore messages;

  ConversationController(
      ConversationStarter starter,
      ConversationStore conversations,
      FlowService flows,
      Channels channels,
      ConversationRuns runs,
      ConversationMeters meters,
      MessageStore messages) {
    this.messages = messages;
    this.starter = starter;
    this.conversations = conversations;
    this.flows = flows;
    this.channels = channels;
    this.runs = runs;
    this.meters = meters;
  }

  /**
   * Starts a conversation.
   *
   * @param contact the contact's WhatsApp id
   * @param channel the {@code phone_number_id} to send from (default: the workspace's default)
   * @param restart replace a conversation the contact is already in
   */
  record StartConversation(
      String contact,
      String name,
      Map<String, String> variables,
      String channel,
      Boolean restart) {}

  /**
   * A conversation that cannot make progress: its workflow task failed {@code attempts} times in a
   * row since {@code since} (Temporal keeps retrying it). {@code lastError} is the class of the
   * failure's cause, never its message.
   */
  record StuckView(Instant since, int attempts, String lastError, Instant lastFailedAt) {

    static StuckView of(ConversationDocument c) {
      return c.isStuck()
          ? new StuckView(
              c.stuck().since(),
              c.stuck().attempts(),
              c.stuck().lastError(),
              c.stuck().lastFailedAt())
          : null;
    }
  }

  /**
   * A conversation; {@code steps} only in detail. {@code workflow_id} and {@code run_id} (the first
   * run of its continue-as-new chain) name it in Temporal. {@code waitDeadline}: while it waits for
   * a reply, when the wait times out; {@code stuck}: set while its workflow task keeps failing.
   */
  /**
   * A message the conversation sent: {@code renderedText} is what the contact read (a template's
   * header, body and footer with its parameters filled in, or a text).
   */
  record SentMessageView(
      String id,
      String node,
      int sendSeq,
      String kind,
      String templateName,
      String renderedText,
      Map<String, Instant> statuses,
      Instant sentAt) {

    static SentMessageView of(MessageDocument m) {
      return new SentMessageView(
          m.id(),
          m.nodeId(),
          m.sendSeq(),
          m.kind(),
          m.templateName(),
          m.renderedText(),
          m.statuses(),
          m.sentAt());
    }
  }

  record ConversationView(
      String id,
      String flow,
      int flowVersion,
      String channel,
      String contactKey,
      String workflowId,
      String runId,
      ConversationStatus status,
      String currentNode,
      Map<String, String> variables,
      int stepCount,
      List<Step> steps,
      Instant startedAt,
      Instant updatedAt,
      Instant endedAt,
      Instant waitDeadline,
      StuckView stuck,
      List<SentMessageView> messages) {

    static ConversationView of(ConversationDocument c, boolean withSteps) {
      return of(c, withSteps, null);
    }

    /** With {@code messages} (detail only): what the conversation sent, in order. */
    static ConversationView of(
        ConversationDocument c, boolean withSteps, List<SentMessageView> messages) {
      return new ConversationView(
          c.id(),
          c.flowId(),
          c.flowVersion(),
          c.channelId(),
          c.contactKey(),
          c.workflowId(),
          c.runId(),
          c.status(),
          c.currentNodeId(),
          c.variables(),
          c.stepCount(),
          withSteps ? c.steps() : null,
          c.startedAt(),
          c.updatedAt(),
          c.endedAt(),
          c.status() == ConversationStatus.WAITING || c.status() == ConversationStatus.WITH_AGENT
              ? c.waitDeadline()
              : null,
          StuckView.of(c),
          messages);
    }
  }

  @Operation(
      operationId = "startConversation",
      summary = "Start a conversation of the flow with a contact")
  @ResponseStatus(HttpStatus.CREATED)
  @ApiResponse(
      responseCode = "409",
      description =
          "the flow cannot start now: it is inactive (`flow_inactive`), the contact is in a"
              + " conversation on this number (`conversation_running`; pass `restart`), the"
              + " workspace has no channel (`no_channel`), or the flow cannot be compiled"
              + " (`flow_not_startable`, `version_missing`)")
  @ApiResponse(
      responseCode = "503",
      description = "Temporal is unavailable (`temporal_unavailable`); nothing was started")
  @PostMapping("/chat-flow/flows/{id}/start")
  ResponseEntity<ConversationView> start(
      Workspace workspace, @PathVariable String id, @RequestBody StartConversation body) {
    String waId = InputChecks.waId("contact", body.contact());
    InputChecks.optionalName("name", body.name(), Limits.NAME_LENGTH);
    InputChecks.optionalName("channel", body.channel(), Limits.ID_LENGTH);
    checkVariables(body.variables());
    ConversationDocument started =
        starter.start(
            new ConversationStarter.StartRequest(
                workspace,
                flows.get(workspace, id),
                channels.forSending(workspace, body.channel()),
                waId,
                body.name(),
                body.variables(),
                Boolean.TRUE.equals(body.restart()),
                null));
    return ResponseEntity.status(HttpStatus.CREATED).body(ConversationView.of(started, true));
  }

  @Operation(
      operationId = "listConversations",
      summary = "List conversations, newest first, without their steps")
  @GetMapping("/chat-flow/conversations")
  PageResponse<ConversationView> list(
      Workspace workspace,
      @RequestParam(required = false) String flow,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String node,
      @RequestParam(required = false) String contact,
      @RequestParam(required = false) Boolean stuck,
      Paging paging) {
    ConversationQuery.Builder query =
        ConversationQuery.inWorkspace(workspace.id()).flow(flow).status(status(status)).node(node);
    if (contact != null) {
      query.contact(workspace.contactKey(contact));
    }
    if (Boolean.TRUE.equals(stuck)) {
      query.stuck();
    }
    ConversationQuery which = query.build();
    List<ConversationView> results =
        conversations.list(which, paging.offset(), paging.pageSize()).stream()
            .map(c -> ConversationView.of(c, false))
            .toList();
    return paging.answer(results, conversations.count(which));
  }

  private static ConversationStatus status(String wireName) {
    if (wireName == null) {
      return null;
    }
    return StatusValueConverter.fromWireName(wireName)
        .orElseThrow(
            () ->
                ApiException.invalidField(
                    "invalid_status", "status", "status must be one of the conversation statuses"));
  }

  @Operation(operationId = "getConversation", summary = "Get a conversation with its steps")
  @GetMapping("/chat-flow/conversations/{id}")
  ConversationView get(Workspace workspace, @PathVariable String id) {
    ConversationDocument conversation = conversations.withSteps(find(workspace, id));
    return ConversationView.of(
        conversation,
        true,
        messages.ofConversation(workspace.id(), conversation.id()).stream()
            .map(SentMessageView::of)
            .toList());
  }

  /**
   * Cancels this conversation; it ends as {@code cancelled}. Only its own run chain is addressed:
   * when the conversation is not running in Temporal (its start never got there, or its run is gone
   * or replaced) the answer is 409 {@code conversation_not_running}, the conversation is marked
   * {@code interrupted}, and nothing else is touched.
   */
  @Operation(operationId = "cancelConversation", summary = "Cancel a conversation")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ApiResponse(
      responseCode = "409",
      description =
          "the conversation has ended (`conversation_ended`) or is not running in Temporal"
              + " (`conversation_not_running`)")
  @PostMapping("/chat-flow/conversations/{id}/cancel")
  ResponseEntity<ConversationView> cancel(Workspace workspace, @PathVariable String id) {
    ConversationDocument conversation = find(workspace, id);
    if (!conversation.isOpen()) {
      throw ApiException.conflict(
          "conversation_ended",
          "the conversation has already ended (" + conversation.status().wireName() + ")");
    }
    Optional<String> chain = chainOf(conversation);
    if (chain.isEmpty() || !runs.isRunning(conversation.workflowId(), chain.get())) {
      throw notRunning(conversation);
    }
    try {
      runs.cancel(conversation.workflowId(), chain.get(), "cancelled through the API");
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw notRunning(conversation);
      }
      throw e;
    }
    return ResponseEntity.accepted().body(ConversationView.of(find(workspace, id), false));
  }

  /**
   * The conversation's run chain: the run id recorded at its start, else (the process that started
   * it stopped before recording it) the chain its workflow id runs, if that chain is this one.
   */
  private Optional<String> chainOf(ConversationDocument conversation) {
    if (conversation.runId() != null) {
      return Optional.of(conversation.runId());
    }
    Optional<String> found = runs.findChain(conversation);
    found.ifPresent(chain -> conversations.setRunId(conversation.id(), chain));
    return found;
  }

  private ApiException notRunning(ConversationDocument conversation) {
    if (ConversationReconciler.mayStillBeStarting(conversation)) {
      return ApiException.conflict(
          "conversation_not_running",
          "the conversation is not running in Temporal yet; retry in a moment");
    }
    if (conversations.closeIfOpen(conversation.id(), ConversationStatus.INTERRUPTED)) {
      meters.ended(conversation.flowId(), ConversationStatus.INTERRUPTED, 1);
    }
    return ApiException.conflict(
        "conversation_not_running",
        "the conversation is not running in Temporal (its run is gone or was replaced, or its"
            + " start never got there); it is marked interrupted");
  }

  private ConversationDocument find(Workspace workspace, String id) {
    return conversations
        .find(workspace.id(), id)
        .orElseThrow(() -> ApiException.notFound("conversation"));
  }

  /**
   * Documented limits of start variables: at most 50, names like attributes (they become MongoDB
   * field names), values texts of at most 1,024 characters. A variable without a value is refused
   * by {@link ConversationStarter}, for every way a conversation starts.
   */
  static final int MAX_VARIABLES = 50;

  static final int MAX_VARIABLE_LENGTH = Limits.VALUE_LENGTH;

  private static void checkVariables(Map<String, String> variables) {
    if (variables == null) {
      return;
    }
    if (variables.size() > MAX_VARIABLES) {
      throw ApiException.invalidField(
          "too_many_variables", "variables", "at most " + MAX_VARIABLES + " variables");
    }
    variables.forEach(
        (name, value) -> {
          InputChecks.keyName("invalid_variable", "variables", name);
          String field = "variables." + name;
          if (value != null && value.length() > MAX_VARIABLE_LENGTH) {
            throw ApiException.invalidField(
                "variable_too_long",
                field,
                "variable " + name + " is longer than " + MAX_VARIABLE_LENGTH + " characters");
          }
          InputChecks.text(field, value, MAX_VARIABLE_LENGTH);
        });
  }
}
