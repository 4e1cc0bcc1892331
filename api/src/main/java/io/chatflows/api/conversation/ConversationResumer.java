package io.chatflows.api.conversation;

import io.chatflows.api.analytics.ConversationMeters;
import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowStore;
import io.chatflows.store.contact.ContactDocument;
import io.chatflows.store.contact.ContactStore;
import io.chatflows.store.conversation.ConversationDocument;
import io.chatflows.store.conversation.ConversationQuery;
import io.chatflows.store.conversation.ConversationStore;
import io.chatflows.store.message.MessageDocument;
import io.chatflows.store.message.MessageStore;
import io.chatflows.workflows.conversation.ContactRef;
import io.chatflows.workflows.conversation.ConversationInput;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.ConversationWorkflow;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.ResumePoint;
import io.chatflows.workflows.conversation.ResumeState;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.StepKind;
import io.chatflows.workflows.graph.FlowDefinition;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Re-creates open conversations whose workflows are gone (the embedded Temporal server keeps them
 * in memory only) from their stored projection: each starts again under its workflow id and
 * conversation id with a {@link ResumeState} at its node, waiting there on the remaining time of
 * its wait, or entering the node when it was not waiting. A conversation that cannot be taken up
 * (its flow version or contact is no longer stored, the version no longer compiles) is closed as
 * {@code interrupted} with an {@code ended} step saying why.
 */
@Service
public class ConversationResumer {

  private static final Logger log = LoggerFactory.getLogger(ConversationResumer.class);
  private static final int PROGRESS_EVERY = 500;

  private final WorkflowClient temporal;
  private final ConversationStarter starter;
  private final FlowStore flows;
  private final ContactStore contacts;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final ConversationMeters meters;

  public ConversationResumer(
      WorkflowClient temporal,
      ConversationStarter starter,
      FlowStore flows,
      ContactStore contacts,
      ConversationStore conversations,
      MessageStore messages,
      ConversationMeters meters) {
    this.temporal = temporal;
    this.starter = starter;
    this.flows = flows;
    this.contacts = contacts;
    this.conversations = conversations;
    this.messages = messages;
    this.meters = meters;
  }

  /** What one resume did. */
  public enum Outcome {
    /** Waits at its node again; nothing was sent. */
    WAITING,
    /** Enters its node again, sending the node's message unless that send is recorded. */
    ENTERING,
    /** Its workflow id already runs a workflow: left alone. */
    ALREADY_RUNNING,
    /** Closed as {@code interrupted}: see its last step. */
    NOT_RESUMABLE
  }

  /** How many conversations each outcome had. */
  public record Summary(long waiting, long entering, long alreadyRunning, long notResumable) {
    public long total() {
      return waiting + entering + alreadyRunning + notResumable;
    }
  }

  /**
   * Resumes every open conversation, {@code concurrency} at a time, and returns how it went. Meant
   * for a Temporal server that started empty: every open conversation lost its workflow.
   */
  public Summary resumeAll(int concurrency) {
    long started = System.nanoTime();
    List<ConversationDocument> open = new ArrayList<>();
    conversations.forEach(ConversationQuery.everywhere().open().build(), open::add);
    if (open.isEmpty()) {
      return new Summary(0, 0, 0, 0);
    }
    log.info("resuming {} open conversations from their projection", open.size());
    Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, new AtomicLong());
    }
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    try {
      List<Future<?>> tasks = new ArrayList<>(open.size());
      for (ConversationDocument listed : open) {
        tasks.add(
            pool.submit(
                () -> {
                  Outcome outcome = resumeOrClose(listed.workspaceId(), listed.id());
                  if (outcome != null) {
                    counts.get(outcome).incrementAndGet();
                  }
                  long n = done.incrementAndGet();
                  if (n % PROGRESS_EVERY == 0) {
                    log.info("resumed {} of {} conversations", n, open.size());
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resuming conversations", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("resuming conversations failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Summary summary =
        new Summary(
            counts.get(Outcome.WAITING).get(),
            counts.get(Outcome.ENTERING).get(),
            counts.get(Outcome.ALREADY_RUNNING).get(),
            counts.get(Outcome.NOT_RESUMABLE).get());
    log.info(
        "resumed {} conversations in {} ms: {} waiting again, {} entering their node, {} already"
            + " running, {} not resumable (closed as interrupted)",
        summary.total(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        summary.waiting(),
        summary.entering(),
        summary.alreadyRunning(),
        summary.notResumable());
    return summary;
  }

  /**
   * {@link #resumeOne}; a conversation whose resume failed unexpectedly is closed as {@code
   * interrupted} rather than left open without a workflow (and the start-up goes on).
   */
  private Outcome resumeOrClose(String workspaceId, String id) {
    try {
      return resumeOne(workspaceId, id);
    } catch (RuntimeException e) {
      log.warn("resuming conversation {} failed", id, e);
      return conversations
          .find(workspaceId, id)
          .filter(ConversationDocument::isOpen)
          .map(c -> notResumable(c, "resume failed: " + e.getClass().getSimpleName()))
          .orElse(null);
    }
  }

  /** Resumes one conversation; null when it is no longer open. */
  public Outcome resumeOne(String workspaceId, String id) {
    ConversationDocument c = conversations.find(workspaceId, id).orElse(null);
    if (c == null || !c.isOpen()) {
      return null;
    }
    FlowDefinition flow;
    ContactDocument contact;
    try {
      flow =
          flows
              .version(c.workspaceId(), c.flowId(), c.flowVersion())
              .map(version -> starter.compile(c.workspaceId(), version))
              .orElse(null);
      if (flow == null) {
        return notResumable(c, "flow version " + c.flowVersion() + " is not stored");
      }
      contact = contacts.find(c.workspaceId(), c.contactKey()).orElse(null);
      if (contact == null) {
        return notResumable(c, "the contact is not stored");
      }
    } catch (ApiException e) {
      return notResumable(c, e.getMessage());
    }
    if (flow.node(c.currentNodeId()).isEmpty()) {
      return notResumable(c, "node " + c.currentNodeId() + " is not in its flow version");
    }
    ResumeState resume = resumeState(c);
    Instant lastInbound = contact.lastInboundAt(c.channelId());
    ConversationInput input =
        new ConversationInput(
            c.id(),
            c.workspaceId(),
            c.channelId(),
            new ContactRef(contact.waId(), contact.name(), contact.key()),
            flow,
            c.variables(),
            contact.attributes(),
            contact.tags(),
            null,
            null,
            resume,
            lastInbound == null ? 0 : lastInbound.toEpochMilli());
    ConversationWorkflow stub =
        temporal.newWorkflowStub(
            ConversationWorkflow.class,
            ConversationStarter.options(
                c.workflowId(),
                flow,
                c.contactKey(),
                c.workspaceId(),
                c.currentNodeId(),
                resume.waiting() ? ConversationStatus.WAITING : ConversationStatus.RUNNING));
    try {
      WorkflowExecution execution = WorkflowClient.start(stub::run, input);
      conversations.setRunId(c.id(), execution.getRunId());
    } catch (WorkflowExecutionAlreadyStarted e) {
      return Outcome.ALREADY_RUNNING;
    }
    return resume.waiting() ? Outcome.WAITING : Outcome.ENTERING;
  }

  /**
   * Where the conversation resumes: waiting at its node when the projection shows it waiting with a
   * deadline, else entering it. The send number and awaited message come from the projection's
   * resume point, or, for a projection written before it existed, from its latest recorded send.
   */
  private ResumeState resumeState(ConversationDocument c) {
    ResumePoint point = c.resumePoint();
    if (point == null) {
      point =
          messages.sentIn(c.workspaceId(), List.of(c.id())).stream()
              .max(Comparator.comparingInt(MessageDocument::sendSeq))
              .map(m -> new ResumePoint(m.sendSeq(), m.id(), null))
              .orElse(new ResumePoint(0, null, null));
    }
    // with an agent: the handoff's deadline, so it resumes its handoff rather than starting anew
    boolean waiting =
        (c.status() == ConversationStatus.WAITING || c.status() == ConversationStatus.WITH_AGENT)
            && c.waitDeadline() != null;
    return new ResumeState(
        c.currentNodeId(),
        waiting ? point.waitingMessageId() : null,
        point.sendSeq(),
        waiting ? c.waitDeadline().toEpochMilli() : 0,
        c.stepCount(),
        point.lastReply(),
        List.of(),
        List.of(),
        waiting ? point.reprompts() : 0,
        waiting ? point.waitSendSeq() : 0,
        ResumeState.RESTART);
  }

  private Outcome notResumable(ConversationDocument c, String why) {
    String detail = "not_resumable: " + why;
    boolean closed =
        conversations.apply(
            new ProgressUpdate(
                c.id(),
                c.workspaceId(),
                c.stepCount(),
                ConversationStatus.INTERRUPTED,
                c.currentNodeId(),
                c.variables() == null ? Map.of() : c.variables(),
                List.of(
                    Step.atNode(
                        c.stepCount(),
                        StepKind.ENDED,
                        c.currentNodeId(),
                        detail,
                        System.currentTimeMillis())),
                c.flowId(),
                0));
    if (!closed) {
      closed = conversations.closeIfOpen(c.id(), ConversationStatus.INTERRUPTED);
    }
    if (closed) {
      meters.ended(c.flowId(), ConversationStatus.INTERRUPTED, 1);
    }
    log.warn("conversation {} cannot be resumed ({}); marked interrupted", c.id(), why);
    return Outcome.NOT_RESUMABLE;
  }
}
