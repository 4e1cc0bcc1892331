package io.chatflows.workflows.graph;

/**
 * Hands the conversation to a person: it pauses with status {@code with_agent}, the contact's
 * messages are forwarded to the handoff webhook instead of being matched against edges, and an
 * agent resumes the flow (at a chosen node, or along the {@code resumed} output) or ends it through
 * the API. When no agent does within the timeout, the {@code timeout} output is taken.
 *
 * @param webhookUrl where the contact's messages and the handoff's events are posted, signed
 * @param team the team the handoff asks for ({@code null}: any)
 * @param note a note for the agent ({@code null}: none)
 * @param timeoutSeconds how long an agent has before the {@code timeout} output
 */
public record HandoffAction(
    NodeBase base, String webhookUrl, String team, String note, long timeoutSeconds)
    implements ActionNode {

  /** How long an agent has when the node says nothing: one day. */
  public static final long DEFAULT_TIMEOUT_SECONDS = 24 * 60 * 60;

  static final Field<String> WEBHOOK_URL =
      Field.text("webhook_url", "Handoff webhook URL")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.URL_LENGTH)
          .required()
          .url()
          .widget("url")
          .describe(
              "The agent inbox's http:// or https:// URL; the contact's messages are posted to it,"
                  + " signed. Private addresses are refused.");
  static final Field<String> TEAM =
      Field.text("team", "Team")
          .rule(Field.Rule.NAME)
          .maxLength(Limits.NAME_LENGTH)
          .describe("The team the handoff asks for; sent with every event.");
  static final Field<String> NOTE =
      Field.text("note", "Note for the agent")
          .placeholders()
          .describe("A note sent with the handoff_started event; placeholders are filled.");
  static final Field<Long> TIMEOUT_SECONDS =
      Field.seconds("timeout_seconds", "Agent timeout (seconds)", Limits.REPLY_TIMEOUT_SECONDS)
          .defaultValue(DEFAULT_TIMEOUT_SECONDS)
          .describe("How long an agent has to resume or end it, up to 30 days; default one day.");

  /** Taken when an agent resumes the flow without choosing a node. */
  static final Output RESUMED =
      Output.of(
          Trigger.DEFAULT,
          "Resumed",
          "Taken when an agent resumes the flow without choosing a node.");

  /** Taken when no agent resumed or ended the conversation within the timeout. */
  static final Output TIMED_OUT =
      Output.of(
          Trigger.TIMEOUT,
          "No agent",
          "Taken when no agent resumed or ended it within the timeout; without it the"
              + " conversation ends as timed_out.");

  public static final NodeKind<HandoffAction> KIND =
      NodeKind.action("handoff", HandoffAction::read)
          .label("Hand off to a person")
          .describe(
              "Pauses the flow with an agent (status with_agent): the contact's messages are"
                  + " forwarded, signed, to the handoff webhook and not matched against edges; an"
                  + " agent replies, resumes (at a chosen node or along resumed) or ends it"
                  + " through the API.")
          .fields(WEBHOOK_URL, TEAM, NOTE, TIMEOUT_SECONDS)
          .outputs(RESUMED, TIMED_OUT);

  private static HandoffAction read(NodeBase base) {
    long timeout = TIMEOUT_SECONDS.read(base.data());
    return new HandoffAction(
        base,
        WEBHOOK_URL.read(base.data()),
        TEAM.read(base.data()),
        NOTE.read(base.data()),
        timeout <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeout);
  }

  @Override
  public NodeKind<HandoffAction> kind() {
    return KIND;
  }
}
