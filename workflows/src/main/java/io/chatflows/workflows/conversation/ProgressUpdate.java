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
    long waitDeadline) {

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

  /** This update followed by the steps of an accepted send, recorded at {@code nowMillis}. */
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
        waitDeadline);
  }
}
