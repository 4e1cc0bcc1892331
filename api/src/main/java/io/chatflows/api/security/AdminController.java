package io.chatflows.api.security;

import io.chatflows.api.config.InputChecks;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates workspaces and their first token. Reachable only with {@code Authorization: Bearer
 * <CHATFLOW_ADMIN_TOKEN>}, which {@link BearerTokenFilter} checks (404 when none is configured).
 */
@Tag(name = "Admin", description = "The operator's endpoints, opened by the admin token")
@RestController
class AdminController {

  private final Workspaces workspaces;

  AdminController(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  record CreateWorkspace(String name) {}

  record CreatedWorkspace(String id, String name, String token) {}

  @Operation(
      operationId = "createWorkspace",
      summary = "Create a workspace and its first API token")
  @ResponseStatus(HttpStatus.CREATED)
  @PostMapping("/admin/workspaces")
  CreatedWorkspace create(@RequestBody CreateWorkspace request) {
    String name =
        request.name() == null || request.name().isBlank()
            ? "Workspace"
            : InputChecks.name("name", request.name(), Limits.NAME_LENGTH);
    Workspace workspace = workspaces.create(name);
    String token = Tokens.generate();
    workspaces.addToken(workspace.id(), token, "admin");
    return new CreatedWorkspace(workspace.id(), workspace.name(), token);
  }
}
