package io.chatflows.api.conversation;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowDocument;
import io.chatflows.api.flow.FlowGraphs;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.api.flow.FlowVersionDocument;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationIds;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.SearchAttributes;
import io.chatflows.workflows.graph.FlowCompiler;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes.Builder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Starts conversations: from the API, and from a contact's click on a start-template message.
 *
 * <p>Policy for a contact who is already in a conversation on the same business number: the running
 * conversation is kept and the start is refused with 409 naming it, unless the request asks to
 * {@code restart}, which terminates exactly the conversation running then (its run chain, see
 * {@link ConversationRuns}; it ends as {@code cancelled}) and starts the new one.
 */
@Service
public class ConversationStarter {

  /** Attempts of a restart when another start gets in between its terminate and its start. */
  private static final int RESTART_ATTEMPTS = 3;

  private final WorkflowClient temporal;
  private final ConversationRuns runs;
  private final FlowStore flows;
  private final TemplateStore templates;
  private final ContactStore contacts;
  private final ConversationStore conversations;
  private final ConversationMeters meters;

  public ConversationStarter(
      WorkflowClient temporal,
      ConversationRuns runs,
      FlowStore flows,
      TemplateStore templates,
      ContactStore contacts,
      ConversationStore conversations,
      ConversationMeters meters) {
    this.temporal = temporal;
    this.runs = runs;
    this.flows = flows;
    this.templates = templates;
    this.contacts = contacts;
    this.conversations = conversations;
    this.meters = meters;
  }

  /**
   * What to start: the contact, the flow, and optionally the contact's message that started it.
   *
   * @param trigger the start-template click to apply as the first reply
   * @param messageId the id of the contact's message that starts the conversation (a click, a
   *     keyword), null for a start through the API. The conversation's id is derived from it, and
   *     the conversation knows it as seen, so a redelivery of the message can tell whether an
   *     earlier hand-over of it started the conversation even when that answer was lost.
   */
  public record StartRequest(
      Workspace workspace,
      FlowDocument flow,
      ChannelDocument channel,
      String waId,
      String contactName,
      Map<String, String> variables,
      boolean restart,
      InboundEvent trigger,
      String messageId) {

    /** A start not caused by a contact's message. */
    public StartRequest(
        Workspace workspace,
        FlowDocument flow,
        ChannelDocument channel,
        String waId,
        String contactName,
        Map<String, String> variables,
        boolean restart,
        InboundEvent trigger) {
      this(workspace, flow, channel, waId, contactName, variables, restart, trigger, null);
    }
  }

  public ConversationDocument start(StartRequest request) {
    Workspace workspace = request.workspace();
    FlowDocument flow = request.flow();
    if (!flow.isActive()) {
      throw ApiException.conflict(
          "flow_inactive", "the flow is not active; activate it to start conversations");
    }
    if (flow.startVersion() == null) {
      throw ApiException.conflict(
          "flow_not_published",
          "the flow has no published version; publish it to start conversations");
    }
    // New conversations run the published version, never the draft being edited.
    FlowVersionDocument version =
        flows
            .version(workspace.id(), flow.id(), flow.startVersion())
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.CONFLICT,
                        "version_missing",
                        "the flow's published version is not stored"));
    FlowDefinition definition = compile(workspace.id(), version);
    Map<String, String> variables = variables(request.variables());
    String contactKey = workspace.contactKey(request.waId());
    ContactDocument contact =
        contacts.touch(
            workspace.id(), contactKey, request.waId(), request.contactName(), null, null);
    String workflowId =
        ConversationIds.workflowId(workspace.id(), request.channel().phoneNumberId(), contactKey);
    String conversationId =
        request.messageId() == null
            ? UUID.randomUUID().toString()
            : startedBy(workspace.id(), request.channel().phoneNumberId(), request.messageId());
    // Everything that can refuse the start runs before the conversation record is written, so a
    // refused start leaves no record behind; a start Temporal refuses deletes it again.
    ConversationInput input =
        new ConversationInput(
            conversationId,
            workspace.id(),
            request.channel().phoneNumberId(),
            new ContactRef(request.waId(), contact.name(), contactKey),
            definition,
            variables,
            contact.attributes(),
            contact.tags(),
            null,
            request.trigger(),
            null,
            lastInboundMillis(contact, request.channel().phoneNumberId()),
            request.messageId());
    if (request.messageId() != null) {
      dropLeftover(workspace, conversationId);
    }
    Instant now = Instant.now();
    conversations.insert(
        new ConversationDocument(
            conversationId,
            workspace.id(),
            flow.id(),
            version.version(),
            request.channel().phoneNumberId(),
            contactKey,
            workflowId,
            null,
            ConversationStatus.RUNNING,
            definition.startNodeId(),
            input.variables(),
            0,
            List.of(),
            now,
            now,
            null));
    try {
      WorkflowExecution execution =
          startWorkflow(workflowId, definition, contactKey, workspace, request.restart(), input);
      conversations.setRunId(conversationId, execution.getRunId());
      meters.started(flow.id(), request.trigger() != null);
    } catch (WorkflowExecutionAlreadyStarted e) {
      conversations.delete(conversationId);
      Optional<ConversationDocument> running =
          runs.current(workflowId).flatMap(run -> conversations.findByRun(workflowId, run.chain()));
      throw new ApiException(
          HttpStatus.CONFLICT,
          "conversation_running",
          "the contact is already in a conversation on this number"
              + running.map(c -> " (" + c.id() + ")").orElse("")
              + "; pass \"restart\": true to replace it");
    } catch (RuntimeException e) {
      // A start for a contact's message may have reached Temporal with only its answer lost
      // (a deadline): its record stays for the conversation it may have started, and the
      // message's redelivery settles it (WebhookBridge).
      if (request.messageId() == null) {
        conversations.delete(conversationId);
      }
      throw e;
    }
    return conversations.find(workspace.id(), conversationId).orElseThrow();
  }

  /**
   * The id of the conversation a contact's message starts: the same for every delivery of the
   * message, so a retried hand-over finds the record of an earlier attempt.
   */
  static String startedBy(String workspaceId, String channelId, String messageId) {
    return UUID.nameUUIDFromBytes(
            ("started-by:" + workspaceId + ":" + channelId + ":" + messageId)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Removes the record an earlier hand-over of the same message left behind when Temporal did not
   * answer its start. The bridge asks the contact's conversation first ({@link
   * io.chatflows.workflows.conversation.ConversationWorkflow#seen}), so a start gets here only when
   * that attempt started nothing; a record that has a run is a conversation, so this one runs.
   */
  private void dropLeftover(Workspace workspace, String conversationId) {
    Optional<ConversationDocument> earlier = conversations.find(workspace.id(), conversationId);
    if (earlier.isEmpty()) {
      return;
    }
    if (earlier.get().runId() != null) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "conversation_running",
          "the contact is already in a conversation on this number (" + conversationId + ")");
    }
    conversations.delete(conversationId);
  }

  /**
   * Starts the workflow; a restart first terminates the chain the workflow id is running and closes
   * that conversation as {@code cancelled}, and tries again if another start got in between.
   */
  private WorkflowExecution startWorkflow(
      String workflowId,
      FlowDefinition definition,
      String contactKey,
      Workspace workspace,
      boolean restart,
      ConversationInput input) {
    for (int attempt = 1; ; attempt++) {
      if (restart) {
        runs.current(workflowId)
            .filter(ConversationRuns.CurrentRun::running)
            .filter(run -> runs.terminate(workflowId, run.chain(), "restarted through the API"))
            .ifPresent(
                run -> {
                  String replacedFlow =
                      conversations
                          .findByRun(workflowId, run.chain())
                          .map(ConversationDocument::flowId)
                          .orElse(null);
                  meters.ended(
                      replacedFlow,
                      ConversationStatus.CANCELLED,
                      conversations.closeRun(
                          workflowId, run.chain(), ConversationStatus.CANCELLED));
                });
      }
      ConversationWorkflow stub =
          temporal.newWorkflowStub(
              ConversationWorkflow.class, options(workflowId, definition, contactKey, workspace));
      try {
        return WorkflowClient.start(stub::run, input);
      } catch (WorkflowExecutionAlreadyStarted e) {
        if (!restart || attempt >= RESTART_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The start variables; a variable without a value is refused (it names no text to store). */
  private static Map<String, String> variables(Map<String, String> variables) {
    if (variables == null) {
      return Map.of();
    }
    variables.forEach(
        (name, value) -> {
          if (value == null) {
            throw ApiException.invalidField(
                "invalid_variable", "variables." + name, "variables." + name + " must be a text");
          }
        });
    return Map.copyOf(variables);
  }

  /** The stored flow version, compiled against the workspace's template catalog. */
  public FlowDefinition compile(String workspaceId, FlowVersionDocument version) {
    try {
      return FlowCompiler.compile(
          version.flowId(),
          version.version(),
          version.startTemplate(),
          version.replyTimeoutSeconds(),
          FlowGraphs.parse(version.flowData()),
          templates.catalog(workspaceId));
    } catch (IllegalArgumentException e) {
      throw ApiException.conflict("flow_not_startable", "the flow cannot start: " + e.getMessage());
    }
  }

  private static WorkflowOptions options(
      String workflowId, FlowDefinition definition, String contactKey, Workspace workspace) {
    return options(
        workflowId,
        definition,
        contactKey,
        workspace.id(),
        definition.startNodeId(),
        ConversationStatus.RUNNING);
  }

  /** The options of a conversation's workflow, showing it at {@code nodeId} as {@code status}. */
  static WorkflowOptions options(
      String workflowId,
      FlowDefinition definition,
      String contactKey,
      String workspaceId,
      String nodeId,
      ConversationStatus status) {
    Builder attributes =
        io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.WORKSPACE, workspaceId)
            .set(SearchAttributes.FLOW_ID, definition.flowId())
            .set(SearchAttributes.FLOW_VERSION, (long) definition.version())
            .set(SearchAttributes.NODE, nodeId)
            .set(SearchAttributes.STATUS, status.wireName())
            .set(SearchAttributes.CONTACT_KEY, contactKey);
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(ConversationIds.TASK_QUEUE)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(attributes.build())
        .build();
  }

  /**
   * When the contact last wrote on the number (epoch millis, 0: never): the conversation starts
   * with it, so its session messages know whether the 24-hour window is open.
   */
  private static long lastInboundMillis(ContactDocument contact, String channelId) {
    Instant at = contact.lastInboundAt(channelId);
    return at == null ? 0 : at.toEpochMilli();
  }
}
