package io.chatflows.workflows.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.chatflows.workflows.graph.TemplateSpec;
import java.util.List;

/**
 * Sends one template message.
 *
 * @param bodyParameters the rendered body parameters, in order
 * @param buttonPayloads the payload to put on each quick-reply button, in button order
 * @param progress when not null, the conversation's progress up to this send (status {@code
 *     waiting} at this node): written to the projection, followed by the send's own steps, once the
 *     message is accepted, so that a step costs one projection write. A failed write does not fail
 *     the send ({@link SentMessage#recorded()} tells).
 * @param headerParameters the rendered parameters of a text header; left out of the payload when
 *     there are none, the shape commands had before headers took parameters
 */
public record SendTemplateCommand(
    String conversationId,
    String workspaceId,
    String channelId,
    String nodeId,
    int sendSeq,
    ContactRef contact,
    TemplateSpec template,
    List<String> bodyParameters,
    List<String> buttonPayloads,
    ProgressUpdate progress,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> headerParameters) {

  public SendTemplateCommand {
    headerParameters = headerParameters == null ? List.of() : List.copyOf(headerParameters);
  }

  /** A send of a template whose header takes no parameters. */
  public SendTemplateCommand(
      String conversationId,
      String workspaceId,
      String channelId,
      String nodeId,
      int sendSeq,
      ContactRef contact,
      TemplateSpec template,
      List<String> bodyParameters,
      List<String> buttonPayloads,
      ProgressUpdate progress) {
    this(
        conversationId,
        workspaceId,
        channelId,
        nodeId,
        sendSeq,
        contact,
        template,
        bodyParameters,
        buttonPayloads,
        progress,
        List.of());
  }
}
