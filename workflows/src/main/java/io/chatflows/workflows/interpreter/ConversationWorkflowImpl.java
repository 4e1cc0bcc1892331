package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.AgentMessage;
import io.chatflows.workflows.conversation.AgentOutcome;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.MoveRequest;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

/**
 * Runs one contact's conversation on a {@link FlowDefinition}: its state ({@link
 * ConversationState}), the walk through the flow ({@link Interpreter}, a handler per node kind),
 * the waits for replies ({@link ReplyWait}) and what it publishes ({@link Projection}).
 *
 * <p>Determinism rules (see the module README): workflow code reads nothing but its input, signals
 * and activity results. Time comes from {@link Workflow#currentTimeMillis()}, waiting from {@link
 * Workflow#await}; all I/O runs in activities. Edges are tried in the order the builder saved them.
 */
public class ConversationWorkflowImpl implements ConversationWorkflow {

  private final ConversationState state;
  private final Interpreter interpreter;
  private final AgentDesk agentDesk;

  @WorkflowInit
  public ConversationWorkflowImpl(ConversationInput input) {
    this.state = new ConversationState(input);
    this.interpreter = new Interpreter(state);
    this.agentDesk = new AgentDesk(interpreter);
  }

  @Override
  public ConversationStatus run(ConversationInput ignored) {
    try {
      ConversationStatus end = interpreter.walk();
      interpreter.finish(end);
      return end;
    } catch (ActivityFailure e) {
      // An activity no handler catches the failure of (updateContact) was cancelled with us.
      if (e.getCause() instanceof CanceledFailure canceled) {
        throw cancelled(canceled);
      }
      throw e;
    } catch (CanceledFailure e) {
      throw cancelled(e);
    }
  }

  private CanceledFailure cancelled(CanceledFailure e) {
    Workflow.newDetachedCancellationScope(() -> interpreter.finish(ConversationStatus.CANCELLED))
        .run();
    return e;
  }

  @Override
  public void inbound(InboundEvent event) {
    state.receive(event);
  }

  @Override
  public void moveTo(MoveRequest request) {
    interpreter.moves().request(request);
  }

  @Override
  public AgentOutcome agentSend(AgentMessage message) {
    return agentDesk.send(message);
  }

  @Override
  public void checkAgentSend(AgentMessage message) {
    agentDesk.checkWithAgent();
  }

  @Override
  public AgentOutcome agentResume(String nodeId) {
    return agentDesk.resume(nodeId);
  }

  @Override
  public void checkAgentResume(String nodeId) {
    agentDesk.checkWithAgent();
  }

  @Override
  public AgentOutcome agentEnd() {
    return agentDesk.end();
  }

  @Override
  public void checkAgentEnd() {
    agentDesk.checkWithAgent();
  }

  @Override
  public ConversationView view() {
    return state.view();
  }

  @Override
  public boolean seen(String messageId) {
    return messageId != null && state.seen(messageId);
  }
}
