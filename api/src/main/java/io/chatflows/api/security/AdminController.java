package io.chatflows.api.security;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.InputChecks;
import io.chatflows.workflows.graph.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates workspaces and their first token. Enabled only when {@code CHATFLOW_ADMIN_TOKEN} is set;
 * authenticated with {@code Authorization: Bearer <admin token>}.
 */
@RestController
class AdminController {

  private final Workspaces workspaces;
  private final BootstrapProperties properties;

  AdminController(Workspaces workspaces, BootstrapProperties properties) {
    this.workspaces = workspaces;
    this.properties = properties;
  }

  record CreateWorkspace(String name) {}

  record CreatedWorkspace(String id, String name, String token) {}

  @PostMapping("/admin/workspaces")
  ResponseEntity<CreatedWorkspace> create(
      @RequestHeader(value = "Authorization", required = false) String authorization,
      @RequestBody CreateWorkspace request) {
    String admin = properties.adminToken();
    if (admin == null || admin.isBlank()) {
      throw ApiException.notFound("endpoint");
    }
    String given = authorization == null ? "" : authorization.replaceFirst("(?i)^Bearer\\s+", "");
    if (!MessageDigest.isEqual(
        admin.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "wrong admin token");
    }
    String name =
        request.name() == null || request.name().isBlank()
            ? "Workspace"
            : InputChecks.name("name", request.name(), Limits.NAME_LENGTH);
    Workspace workspace = workspaces.create(name);
    String token = Tokens.generate();
    workspaces.addToken(workspace.id(), token, "admin");
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new CreatedWorkspace(workspace.id(), workspace.name(), token));
  }
}
