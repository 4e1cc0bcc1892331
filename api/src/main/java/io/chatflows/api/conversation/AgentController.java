package io.chatflows.api.conversation;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.AgentErrors;
import io.chatflows.workflows.conversation.AgentMessage;
import io.chatflows.workflows.conversation.AgentOutcome;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent's side of a conversation handed off to a person (status {@code with_agent}): send to
 * the contact, resume the flow, or end it. Each request is a Temporal update of the conversation's
 * own run chain, refused by the workflow itself when the conversation is not with an agent; an
 * {@code Idempotency-Key} makes a repeated request act once.
 */
@Tag(name = "Agents", description = "Conversations handed off to a person: reply, resume, end")
@RestController
class AgentController {

  private static final Set<String> TYPES = Set.of("text", "image", "video", "audio", "document");
  private static final int TEXT_LENGTH = 4_096;
  private static final int CAPTION_LENGTH = 1_024;
  private static final int KEY_LENGTH = 200;

  private final ConversationStore conversations;
  private final ConversationRuns runs;
  private final WorkflowClient temporal;

  AgentController(ConversationStore conversations, ConversationRuns runs, WorkflowClient temporal) {
    this.conversations = conversations;
    this.runs = runs;
    this.temporal = temporal;
  }

  /**
   * A message to the contact.
   *
   * @param type {@code text}, {@code image}, {@code video}, {@code audio} or {@code document}
   * @param text the text of a {@code text} message (1..4096 characters)
   * @param link the media's public http(s) URL (media only)
   * @param caption the media's caption (not for audio; up to 1024 characters)
   * @param filename a document's file name
   */
  record AgentMessageRequest(
      String type, String text, String link, String caption, String filename) {}

  /** Where to continue: a node of the conversation's flow version; none: the resumed output. */
  record AgentResumeRequest(String node) {}

  /** The message sent: its WhatsApp message id. */
  record AgentMessageSent(String messageId) {}

  @Operation(
      operationId = "sendAgentMessage",
      summary = "Send an agent's message to the contact of a conversation with an agent")
  @ResponseStatus(HttpStatus.CREATED)
  @ApiResponse(
      responseCode = "409",
      description =
          "the conversation is not with an agent (`not_with_agent`), the contact's 24-hour window"
              + " is closed (`window_closed`), or it is not running in Temporal"
              + " (`conversation_not_running`)")
  @ApiResponse(
      responseCode = "502",
      description = "WhatsApp refused the message (`send_failed`); it is recorded as send_failed")
  @PostMapping("/chat-flow/conversations/{id}/agent/messages")
  AgentMessageSent send(
      Workspace workspace,
      @PathVariable String id,
      @Parameter(description = "a key of the request: repeated with the same key, it sends once")
          @RequestHeader(name = "Idempotency-Key", required = false)
          String key,
      @RequestBody AgentMessageRequest body) {
    AgentMessage message = message(body);
    return new AgentMessageSent(update(workspace, id, key, "agentSend", message).messageId());
  }

  @Operation(
      operationId = "resumeAgentConversation",
      summary = "Resume the flow of a conversation with an agent, at a node or its resumed output")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ApiResponse(
      responseCode = "400",
      description = "`node` is not a node of the conversation's flow version (`unknown_node`)")
  @ApiResponse(
      responseCode = "409",
      description =
          "the conversation is not with an agent (`not_with_agent`) or not running in Temporal"
              + " (`conversation_not_running`)")
  @PostMapping("/chat-flow/conversations/{id}/agent/resume")
  ConversationController.ConversationView resume(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      @RequestBody(required = false) AgentResumeRequest body) {
    String node = body == null ? null : body.node();
    if (node != null) {
      InputChecks.name("node", node, Limits.NAME_LENGTH);
    }
    update(workspace, id, key, "agentResume", node);
    return view(workspace, id);
  }

  @Operation(
      operationId = "endAgentConversation",
      summary = "End a conversation with an agent; it completes")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @ApiResponse(
      responseCode = "409",
      description =
          "the conversation is not with an agent (`not_with_agent`) or not running in Temporal"
              + " (`conversation_not_running`)")
  @PostMapping("/chat-flow/conversations/{id}/agent/end")
  ConversationController.ConversationView end(
      Workspace workspace,
      @PathVariable String id,
      @RequestHeader(name = "Idempotency-Key", required = false) String key) {
    update(workspace, id, key, "agentEnd");
    return view(workspace, id);
  }

  private static AgentMessage message(AgentMessageRequest body) {
    if (body == null) {
      throw ApiException.invalidField("invalid_body", "type", "a message is required");
    }
    if (body.type() == null || !TYPES.contains(body.type())) {
      throw ApiException.invalidField(
          "invalid_type", "type", "type must be one of text, image, video, audio, document");
    }
    if (body.type().equals("text")) {
      if (body.text() == null || body.text().isBlank()) {
        throw ApiException.invalidField("invalid_text", "text", "text is required");
      }
      InputChecks.text("text", body.text(), TEXT_LENGTH);
      return new AgentMessage("text", body.text(), null, null, null);
    }
    if (body.link() == null || !body.link().matches("(?i)https?://[^\\s]+")) {
      throw ApiException.invalidField(
          "invalid_link", "link", "link must be the media's http:// or https:// URL");
    }
    InputChecks.text("link", body.link(), Limits.URL_LENGTH);
    if (body.caption() != null) {
      InputChecks.text("caption", body.caption(), CAPTION_LENGTH);
    }
    InputChecks.optionalName("filename", body.filename(), Limits.NAME_LENGTH);
    return new AgentMessage(body.type(), null, body.link(), body.caption(), body.filename());
  }

  private AgentOutcome update(
      Workspace workspace, String id, String key, String name, Object... args) {
    if (key != null) {
      InputChecks.name("Idempotency-Key", key, KEY_LENGTH);
    }
    ConversationDocument conversation = find(workspace, id);
    if (conversation.status() != ConversationStatus.WITH_AGENT) {
      throw notWithAgent(conversation);
    }
    Optional<String> run =
        conversation.runId() == null
            ? Optional.empty()
            : runs.currentRunOf(conversation.workflowId(), conversation.runId());
    if (run.isEmpty()) {
      throw notRunning();
    }
    WorkflowStub stub =
        temporal.newUntypedWorkflowStub(conversation.workflowId(), run, Optional.empty());
    UpdateOptions<AgentOutcome> options =
        UpdateOptions.newBuilder(AgentOutcome.class)
            .setUpdateName(name)
            .setUpdateId(key != null ? id + ":" + key : UUID.randomUUID().toString())
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    try {
      return checked(stub.startUpdate(options, args).getResult());
    } catch (WorkflowNotFoundException e) {
      throw notRunning();
    } catch (WorkflowUpdateException e) {
      // rejected by the validator: the conversation left the handoff meanwhile
      throw notWithAgent(find(workspace, id));
    }
  }

  /** The outcome's refusal as a problem: the node is a bad field, the others conflicts. */
  private static AgentOutcome checked(AgentOutcome outcome) {
    if (outcome.refused() == null) {
      return outcome;
    }
    throw switch (outcome.refused()) {
      case AgentErrors.UNKNOWN_NODE ->
          ApiException.invalidField("unknown_node", "node", outcome.reason());
      case AgentErrors.SEND_FAILED ->
          new ApiException(
              HttpStatus.BAD_GATEWAY,
              AgentErrors.SEND_FAILED,
              "WhatsApp did not accept the message: " + outcome.reason());
      default -> ApiException.conflict(outcome.refused(), outcome.reason());
    };
  }

  private static ApiException notWithAgent(ConversationDocument conversation) {
    return ApiException.conflict(
        AgentErrors.NOT_WITH_AGENT,
        "the conversation is not with an agent (" + conversation.status().wireName() + ")");
  }

  private static ApiException notRunning() {
    return ApiException.conflict(
        "conversation_not_running", "the conversation is not running in Temporal");
  }

  private ConversationController.ConversationView view(Workspace workspace, String id) {
    return ConversationController.ConversationView.of(find(workspace, id), false);
  }

  private ConversationDocument find(Workspace workspace, String id) {
    return conversations
        .find(workspace.id(), id)
        .orElseThrow(() -> ApiException.notFound("conversation"));
  }
}
