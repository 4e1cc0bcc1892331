package io.chatflows.workflows.conversation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** All I/O a conversation does. Implemented in the worker; every method is idempotent. */
@ActivityInterface
public interface ConversationActivities {

  /**
   * Sends a WhatsApp template and remembers our message id so replies and statuses correlate. Fails
   * with a non-retryable {@link SendErrors#PERMANENT} for errors WhatsApp will not recover from.
   */
  @ActivityMethod
  SentMessage sendTemplate(SendTemplateCommand command);

  /** Sends a free-form text message (only allowed inside the contact's 24-hour window). */
  @ActivityMethod
  SentMessage sendText(SendTextCommand command);

  /**
   * Sends a session message (interactive, media); the workflow sends one only inside the contact's
   * 24-hour window. Fails with a non-retryable {@link SendErrors#PERMANENT} like {@link
   * #sendTemplate}.
   */
  @ActivityMethod
  SentMessage sendSession(SendSessionCommand command);

  /** Applies tag, attribute and assignment changes to the stored contact. */
  @ActivityMethod
  void updateContact(ContactUpdate update);

  /** Calls an HTTP webhook of an action node and returns its response. */
  @ActivityMethod
  WebhookResult callWebhook(WebhookCall call);

  /**
   * Posts a handoff event to the handoff webhook, signed; retried while the webhook fails
   * transiently, refused (not retried) for a target that is not allowed.
   */
  @ActivityMethod
  void forwardToAgent(HandoffForward forward);

  /** Writes the conversation's progress to the projection the API reads (a local activity). */
  @ActivityMethod
  void recordProgress(ProgressUpdate update);
}
