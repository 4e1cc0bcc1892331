package io.chatflows.workflows.conversation;

import io.chatflows.workflows.graph.FlowDefinition;
import java.util.List;
import java.util.Map;

/**
 * Starts a conversation (or continues one after continue-as-new, with {@code resume} set).
 *
 * @param channelId the {@code phone_number_id} of the business number the conversation runs on
 * @param variables the flow variables, from the start request
 * @param attributes the contact's attributes when the conversation started
 * @param tags the contact's tags when the conversation started
 * @param trigger the contact's click on a start-template message that started this conversation:
 *     the start node's message was already sent, so the conversation applies the click to it
 * @param limits guards of this run ({@link RunLimits#DEFAULT} when {@code null})
 * @param lastInboundAt when the contact last wrote on this business number, as far as known when
 *     the run started (epoch milliseconds; 0: never, or not known): the start of the 24-hour window
 *     session messages need. Inputs written before it read as 0.
 * @param startedBy the id (wamid) of the contact's message that started this conversation (a
 *     start-template click, a keyword or a catch-all trigger), so the conversation knows it as
 *     handled ({@link ConversationWorkflow#seen}); {@code null} for a start through the API, and in
 *     inputs written before it
 */
public record ConversationInput(
    String conversationId,
    String workspaceId,
    String channelId,
    ContactRef contact,
    FlowDefinition flow,
    Map<String, String> variables,
    Map<String, String> attributes,
    List<String> tags,
    RunLimits limits,
    InboundEvent trigger,
    ResumeState resume,
    long lastInboundAt,
    String startedBy) {

  public ConversationInput {
    variables = variables == null ? Map.of() : Map.copyOf(variables);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    tags = tags == null ? List.of() : List.copyOf(tags);
    limits = limits == null ? RunLimits.DEFAULT : limits;
  }

  /** An input not started by a contact's message. */
  public ConversationInput(
      String conversationId,
      String workspaceId,
      String channelId,
      ContactRef contact,
      FlowDefinition flow,
      Map<String, String> variables,
      Map<String, String> attributes,
      List<String> tags,
      RunLimits limits,
      InboundEvent trigger,
      ResumeState resume,
      long lastInboundAt) {
    this(
        conversationId,
        workspaceId,
        channelId,
        contact,
        flow,
        variables,
        attributes,
        tags,
        limits,
        trigger,
        resume,
        lastInboundAt,
        null);
  }

  /** An input without a known last inbound message. */
  public ConversationInput(
      String conversationId,
      String workspaceId,
      String channelId,
      ContactRef contact,
      FlowDefinition flow,
      Map<String, String> variables,
      Map<String, String> attributes,
      List<String> tags,
      RunLimits limits,
      InboundEvent trigger,
      ResumeState resume) {
    this(
        conversationId,
        workspaceId,
        channelId,
        contact,
        flow,
        variables,
        attributes,
        tags,
        limits,
        trigger,
        resume,
        0);
  }
}
