package io.chatflows.workflows.graph;

import java.util.List;

/**
 * A template node whose template WhatsApp will not send (paused, disabled, rejected, deleted at
 * Meta, or not reviewed yet) is an error: the flow cannot be activated while it uses one. A
 * conversation already running keeps running; its send of that template takes {@code
 * delivery_failed} without calling WhatsApp.
 */
final class TemplateStatusCheck {

  private TemplateStatusCheck() {}

  static void check(TemplateNode node, TemplateSpec spec, List<Problem> problems) {
    if (spec.sendable()) {
      return;
    }
    problems.add(
        Problem.fieldError(
            "template_not_sendable",
            "template "
                + spec.name()
                + " ("
                + spec.language()
                + ") is "
                + spec.status()
                + " at WhatsApp: its sends fail until it is approved again",
            node.nodeId(),
            null,
            node.templateId() != null ? "template_id" : "template_name"));
  }
}
