package io.chatflows.workflows.conversation;

/** Application failure types raised by the activities. */
public final class SendErrors {
  /** WhatsApp refused the message for good (e.g. 131047, outside the 24-hour window). */
  public static final String PERMANENT = "PermanentSendFailure";

  /** An action's HTTP call was refused by policy or answered with a client error. */
  public static final String WEBHOOK_REFUSED = "WebhookRefused";

  private SendErrors() {}
}
