package io.chatflows.workflows.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Progress written to the conversation projection. {@code steps} are the entries from {@code
 * firstSeq} on; an update whose {@code firstSeq} is already recorded is ignored, so retries are
 * harmless.
 *
 * @param flowId the conversation's flow, for per-flow metrics (null from versions before it)
 * @param waitDeadline while waiting for a reply, when its timeout ends (epoch milliseconds); else 0
 * @param resumePoint the rest of what a new run needs to resume the conversation at {@code
 *     currentNodeId} (null from versions before it)
 */
public record ProgressUpdate(
    String conversationId,
    String workspaceId,
    int firstSeq,
    ConversationStatus status,
    String currentNodeId,
    Map<String, String> variables,
    List<Step> steps,
    String flowId,
    long waitDeadline,
    ResumePoint resumePoint) {

  /** An update without a resume point. */
  public ProgressUpdate(
      String conversationId,
      String workspaceId,
      int firstSeq,
      ConversationStatus status,
      String currentNodeId,
      Map<String, String> variables,
      List<Step> steps,
      String flowId,
      long waitDeadline) {
    this(
        conversationId,
        workspaceId,
        firstSeq,
        status,
        currentNodeId,
        variables,
        steps,
        flowId,
        waitDeadline,
        null);
  }

  /** An update without flow or wait deadline. */
  public ProgressUpdate(
      String conversationId,
      String workspaceId,
      int firstSeq,
      ConversationStatus status,
      String currentNodeId,
      Map<String, String> variables,
      List<Step> steps) {
    this(conversationId, workspaceId, firstSeq, status, currentNodeId, variables, steps, null, 0);
  }

  /**
   * This update followed by the steps of an accepted send, recorded at {@code nowMillis}; its
   * resume point waits on the sent message.
   */
  public ProgressUpdate withSent(String nodeId, SentMessage sent, long nowMillis) {
    List<Step> all = new ArrayList<>(steps);
    all.addAll(sent.steps(firstSeq + steps.size(), nodeId, nowMillis));
    return new ProgressUpdate(
        conversationId,
        workspaceId,
        firstSeq,
        status,
        currentNodeId,
        variables,
        all,
        flowId,
        waitDeadline,
        resumePoint == null ? null : resumePoint.waitingOn(sent.messageId()));
  }
}
