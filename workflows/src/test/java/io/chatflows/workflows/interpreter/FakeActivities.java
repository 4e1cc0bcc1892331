package io.chatflows.workflows.interpreter;

import io.chatflows.workflows.conversation.ContactUpdate;
import io.chatflows.workflows.conversation.ConversationActivities;
import io.chatflows.workflows.conversation.ConversationStatus;
import io.chatflows.workflows.conversation.HandoffForward;
import io.chatflows.workflows.conversation.ProgressUpdate;
import io.chatflows.workflows.conversation.SendErrors;
import io.chatflows.workflows.conversation.SendSessionCommand;
import io.chatflows.workflows.conversation.SendTemplateCommand;
import io.chatflows.workflows.conversation.SendTextCommand;
import io.chatflows.workflows.conversation.SentMessage;
import io.chatflows.workflows.conversation.Step;
import io.chatflows.workflows.conversation.WebhookCall;
import io.chatflows.workflows.conversation.WebhookResult;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written {@link ConversationActivities} that records every call and answers with message
 * ids {@code wamid.1}, {@code wamid.2}, ... It can be told to refuse a template for good or to fail
 * the next sends transiently.
 */
final class FakeActivities implements ConversationActivities {

  final List<SendTemplateCommand> templates = new CopyOnWriteArrayList<>();
  final List<SendTextCommand> texts = new CopyOnWriteArrayList<>();
  final List<SendSessionCommand> sessions = new CopyOnWriteArrayList<>();
  final List<ContactUpdate> contactUpdates = new CopyOnWriteArrayList<>();
  final List<WebhookCall> webhookCalls = new CopyOnWriteArrayList<>();
  final List<HandoffForward> forwards = new CopyOnWriteArrayList<>();
  final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();
  final AtomicInteger sendAttempts = new AtomicInteger();

  private final AtomicInteger messageIds = new AtomicInteger();
  private final AtomicInteger transientFailures = new AtomicInteger();
  private final Set<String> refusedTemplates = ConcurrentHashMap.newKeySet();
  private volatile boolean refuseSessions;
  private volatile WebhookResult webhookResult = new WebhookResult(200, "{}");
  private volatile String heldTemplate;
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** sendTemplate of this template fails with a non-retryable {@link SendErrors#PERMANENT}. */
  FakeActivities refuseTemplate(String templateName) {
    refusedTemplates.add(templateName);
    return this;
  }

  /** The next {@code times} sendTemplate calls fail with a retryable error (a WhatsApp 503). */
  FakeActivities failTransiently(int times) {
    transientFailures.set(times);
    return this;
  }

  /** sendTemplate of this template does not return until {@link #release()}. */
  FakeActivities holdTemplate(String templateName) {
    heldTemplate = templateName;
    return this;
  }

  /** Waits until the held template is being sent. */
  void awaitHolding() throws InterruptedException {
    if (!holding.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the held template was never sent");
    }
  }

  void release() {
    release.countDown();
  }

  /** sendSession fails with a non-retryable {@link SendErrors#PERMANENT}. */
  FakeActivities refuseSessions() {
    refuseSessions = true;
    return this;
  }

  FakeActivities answerWebhook(int status, String body) {
    webhookResult = new WebhookResult(status, body);
    return this;
  }

  @Override
  public SentMessage sendTemplate(SendTemplateCommand command) {
    sendAttempts.incrementAndGet();
    if (refusedTemplates.contains(command.template().name())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "131026: message undeliverable", SendErrors.PERMANENT);
    }
    if (command.template().name().equals(heldTemplate)) {
      holding.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (transientFailures.getAndDecrement() > 0) {
      throw ApplicationFailure.newFailure("503: service unavailable", "WhatsAppUnavailable");
    }
    templates.add(command);
    SentMessage sent = new SentMessage("wamid." + messageIds.incrementAndGet());
    if (command.progress() == null) {
      return sent;
    }
    progress.add(command.progress().withSent(command.nodeId(), sent, System.currentTimeMillis()));
    return sent.asRecorded();
  }

  @Override
  public SentMessage sendText(SendTextCommand command) {
    texts.add(command);
    return new SentMessage("wamid." + messageIds.incrementAndGet());
  }

  @Override
  public SentMessage sendSession(SendSessionCommand command) {
    if (refuseSessions) {
      throw ApplicationFailure.newNonRetryableFailure(
          "131026: message undeliverable", SendErrors.PERMANENT);
    }
    sessions.add(command);
    return new SentMessage("wamid." + messageIds.incrementAndGet());
  }

  @Override
  public void updateContact(ContactUpdate update) {
    contactUpdates.add(update);
  }

  @Override
  public void forwardToAgent(HandoffForward forward) {
    forwards.add(forward);
  }

  @Override
  public WebhookResult callWebhook(WebhookCall call) {
    webhookCalls.add(call);
    return webhookResult;
  }

  @Override
  public void recordProgress(ProgressUpdate update) {
    progress.add(update);
  }

  /** Names of the templates sent, in order. */
  List<String> sentTemplateNames() {
    return templates.stream().map(c -> c.template().name()).toList();
  }

  /** Every step recorded, in sequence order, each once (a retried update repeats steps). */
  List<Step> steps() {
    Map<Integer, Step> bySeq = new LinkedHashMap<>();
    for (ProgressUpdate update : progress) {
      update.steps().forEach(s -> bySeq.putIfAbsent(s.seq(), s));
    }
    List<Step> steps = new ArrayList<>(bySeq.values());
    steps.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
    return steps;
  }

  List<Step> steps(String kind) {
    return steps().stream().filter(s -> s.kind().equals(kind)).toList();
  }

  /** The statuses recorded, in order, without repeats. */
  List<ConversationStatus> statuses() {
    List<ConversationStatus> statuses = new ArrayList<>();
    for (ProgressUpdate update : progress) {
      if (statuses.isEmpty() || statuses.get(statuses.size() - 1) != update.status()) {
        statuses.add(update.status());
      }
    }
    return statuses;
  }

  ProgressUpdate lastProgress() {
    return progress.get(progress.size() - 1);
  }
}
