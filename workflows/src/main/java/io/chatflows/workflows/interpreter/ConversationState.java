package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationView;
import io.chatflows.workflows.conversation.InboundEvent;
import io.chatflows.workflows.conversation.ResumeState;
import io.chatflows.workflows.graph.ConditionSubject;
import io.chatflows.workflows.graph.FlowDefinition;
import io.chatflows.workflows.graph.Limits;
import io.chatflows.workflows.graph.Placeholders;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Everything a conversation knows and changes as it runs: what continue-as-new carries over ({@link
 * #resumeState}, {@link #continuedInput}) and what the query shows ({@link #view()}). Initialised
 * from the input alone, so a signal that arrives before the first workflow task is safe.
 */
final class ConversationState {

  private static final int SEEN_KEYS_KEPT = 1_000;

  final ConversationInput input;
  final FlowDefinition flow;
  final Map<String, String> variables;
  final Map<String, String> attributes;
  final LinkedHashSet<String> tags;
  final Steps steps;
  final Deque<InboundEvent> pending = new ArrayDeque<>();
  private final LinkedHashSet<String> seenKeys = new LinkedHashSet<>();

  ConversationStatus status = ConversationStatus.RUNNING;
  String currentNodeId;

  /** Our message the conversation waits on a reply to. */
  String waitingMessageId;

  /** The number of the last send, which our button payloads refer to. */
  int sendSeq;

  /** Epoch millis at which the current wait times out; 0 when not waiting. */
  long waitDeadline;

  String lastReply;

  /** An agent's decision (resume or end) the handoff waits for; {@code null}: none yet. */
  HandoffHandler.AgentDecision agentDecision;

  /** The number of messages agents sent: each wakes the handoff to publish its step. */
  int agentSends;

  /** The re-prompts the current wait has sent. */
  int reprompts;

  /** The send the current wait is on (its button payloads carry it); 0: not waiting. */
  int waitSendSeq;

  /**
   * When the contact last wrote on this business number (epoch millis; 0: not known): from the
   * input, then from every message the contact sends. Session messages need it within 24 hours.
   */
  long lastInboundAt;

  ConversationState(ConversationInput input) {
    this.input = input;
    this.flow = input.flow();
    this.variables = new LinkedHashMap<>(input.variables());
    this.attributes = new LinkedHashMap<>(input.attributes());
    this.tags = new LinkedHashSet<>(input.tags());
    this.lastInboundAt = input.lastInboundAt();
    ResumeState resume = input.resume();
    int nextSeq = 0;
    if (resume != null) {
      currentNodeId = resume.nodeId();
      waitingMessageId = resume.waitingMessageId();
      sendSeq = resume.sendSeq();
      waitDeadline = resume.waitDeadline();
      lastReply = resume.lastReply();
      nextSeq = resume.nextSeq();
      seenKeys.addAll(resume.seenKeys());
      pending.addAll(resume.pending());
      reprompts = resume.reprompts();
      waitSendSeq = resume.waitSendSeq();
    }
    steps = new Steps(nextSeq);
    if (resume == null && input.trigger() != null) {
      waitingMessageId = input.trigger().contextMessageId();
      receive(input.trigger());
    }
    // After the trigger, which is that message itself when a click started the conversation.
    if (resume == null && input.startedBy() != null) {
      firstTime(input.startedBy());
    }
  }

  /** Queues an event for the conversation; one it has seen (by its key) is dropped. */
  void receive(InboundEvent event) {
    if (event == null || event.messageId() == null || !seenKeys.add(event.dedupKey())) {
      return;
    }
    if (seenKeys.size() > SEEN_KEYS_KEPT) {
      seenKeys.remove(seenKeys.iterator().next());
    }
    if (event.fromContact()) {
      // WhatsApp's timestamp of the message; never later than now, so a clock ahead of ours
      // cannot stretch the window. Events without one count from when the conversation got them.
      long now = Workflow.currentTimeMillis();
      lastInboundAt = Math.max(lastInboundAt, event.at() == null ? now : Math.min(event.at(), now));
    }
    pending.add(event);
  }

  /** Whether {@code key} is among the keys this conversation has seen. */
  boolean seen(String key) {
    return seenKeys.contains(key);
  }

  /**
   * Remembers {@code key} among the keys this conversation has seen (carried over continue-as-new);
   * false when it was seen before.
   */
  boolean firstTime(String key) {
    if (!seenKeys.add(key)) {
      return false;
    }
    if (seenKeys.size() > SEEN_KEYS_KEPT) {
      seenKeys.remove(seenKeys.iterator().next());
    }
    return true;
  }

  /** Whether the contact's 24-hour window is open now: session messages may be sent. */
  boolean windowOpen() {
    return lastInboundAt > 0
        && Workflow.currentTimeMillis() - lastInboundAt < Limits.SESSION_WINDOW_MILLIS;
  }

  ConversationView view() {
    return new ConversationView(
        input.conversationId(),
        status,
        currentNodeId,
        waitingMessageId,
        Map.copyOf(variables),
        List.copyOf(tags),
        steps.next());
  }

  int nextSendSeq() {
    return ++sendSeq;
  }

  String render(String text) {
    return Placeholders.render(
        text,
        new Placeholders.Scope(
            input.contact().name(), input.contact().waId(), variables, attributes, lastReply));
  }

  List<String> render(List<String> texts) {
    return texts.stream().map(this::render).toList();
  }

  ConditionSubject.Facts facts() {
    return new ConditionSubject.Facts(lastReply, variables, attributes, tags);
  }

  /** A change of the stored contact, in this conversation's workspace. */
  ContactUpdate contactUpdate(
      List<String> addTags,
      List<String> removeTags,
      Map<String, String> setAttributes,
      String team,
      String agent) {
    return new ContactUpdate(
        input.workspaceId(), input.contact(), addTags, removeTags, setAttributes, team, agent);
  }

  /** What the next run needs to resume at {@code nodeId} (waiting there, or entering it). */
  ResumeState resumeState(String nodeId, boolean waiting) {
    return new ResumeState(
        nodeId,
        waiting ? waitingMessageId : null,
        sendSeq,
        waiting ? waitDeadline : 0,
        steps.next(),
        lastReply,
        List.copyOf(seenKeys),
        List.copyOf(pending),
        waiting ? reprompts : 0,
        waiting ? waitSendSeq : 0,
        null);
  }

  /**
   * What the next run needs to resume at {@code nodeId}, recording a {@code resumed} step there for
   * {@code cause}.
   */
  ResumeState resumeState(String nodeId, boolean waiting, String cause) {
    ResumeState plain = resumeState(nodeId, waiting);
    return new ResumeState(
        plain.nodeId(),
        plain.waitingMessageId(),
        plain.sendSeq(),
        plain.waitDeadline(),
        plain.nextSeq(),
        plain.lastReply(),
        plain.seenKeys(),
        plain.pending(),
        plain.reprompts(),
        plain.waitSendSeq(),
        cause);
  }

  /** The input of the run that continues this one. */
  ConversationInput continuedInput(ResumeState resume) {
    return continuedInput(flow, resume);
  }

  /** The input of the run that continues this one on {@code next} (another version, perhaps). */
  ConversationInput continuedInput(FlowDefinition next, ResumeState resume) {
    return new ConversationInput(
        input.conversationId(),
        input.workspaceId(),
        input.channelId(),
        input.contact(),
        next,
        variables,
        attributes,
        List.copyOf(tags),
        input.limits(),
        null,
        resume,
        lastInboundAt);
  }
}
