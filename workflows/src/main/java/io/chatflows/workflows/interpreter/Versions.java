package io.chatflows.workflows.interpreter;

import io.temporal.workflow.Workflow;

/**
 * The changes of workflow code that running conversations replay differently, each asked with
 * {@link Workflow#getVersion} where its commands differ (see the module README, "Determinism
 * rules"). {@link OutOfRange} has one more, asked only for a value out of range.
 */
final class Versions {

  /**
   * Version 1: a resumed run publishes its own state on its first flush (the run before published
   * the status and node it had when it continued as new). Runs resumed by older code replay without
   * that extra projection write and upsert.
   */
  static final String PUBLISH_AFTER_CONTINUE_AS_NEW = "publish-after-continue-as-new";

  /**
   * Version 1: a step runs in the workflow task that received the reply. The template goes out as a
   * local activity that also writes the progress, and the reply timer is cancelled when the wait
   * ends. Runs that began before it replay the earlier commands.
   */
  static final String ONE_TASK_STEP = "one-task-step";

  /**
   * Version 1: an event meant for another conversation (a delivery failure of a message an earlier
   * conversation of the contact sent) is ignored without a step. Asked only when such an event
   * arrives, so histories without one replay unchanged.
   */
  static final String ADDRESSED_EVENTS = "addressed-events";

  /**
   * Version 1: a reply a waiting node does not understand is answered with the node's re-prompt, up
   * to its count, then takes its {@code no_match} edge. Asked only when such a reply arrives at a
   * node that re-prompts, so histories without one replay unchanged; conversations that were
   * waiting before keep their silence.
   */
  static final String REPROMPT_UNMATCHED = "reprompt-unmatched";

  private Versions() {}

  static boolean publishAfterContinueAsNew() {
    return Workflow.getVersion(PUBLISH_AFTER_CONTINUE_AS_NEW, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  static boolean oneTaskStep() {
    return Workflow.getVersion(ONE_TASK_STEP, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  static boolean repromptUnmatched() {
    return Workflow.getVersion(REPROMPT_UNMATCHED, Workflow.DEFAULT_VERSION, 1) == 1;
  }

  static boolean addressedEvents() {
    return Workflow.getVersion(ADDRESSED_EVENTS, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
