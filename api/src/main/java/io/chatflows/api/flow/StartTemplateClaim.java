package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import org.springframework.http.HttpStatus;

/**
 * One active flow per start template: a contact's click on a start-template message must name one
 * flow to start, so activating (or saving active) a flow whose start template another active flow
 * of the workspace already has is refused with 409 naming that flow.
 */
final class StartTemplateClaim {

  private StartTemplateClaim() {}

  static void refuseShared(FlowStore flows, FlowDocument flow) {
    if (!flow.isActive() || flow.startTemplate() == null) {
      return;
    }
    flows.activeByStartTemplate(flow.workspaceId(), flow.startTemplate()).stream()
        .filter(other -> !other.id().equals(flow.id()))
        .findFirst()
        .ifPresent(
            other -> {
              throw ApiException.invalidField(
                  HttpStatus.CONFLICT,
                  "start_template_claimed",
                  "start_template",
                  "the active flow "
                      + other.id()
                      + " (\""
                      + other.name()
                      + "\") already starts from this template; deactivate it or choose"
                      + " another start template");
            });
  }
}
