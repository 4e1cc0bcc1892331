package io.chatflows.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on every {@code /chat-flow/} path and puts the
 * token's {@link Workspace} on the request. A missing or unknown token gets 401 problem+json.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

  static final String ATTRIBUTE = Workspace.class.getName();
  private static final String PREFIX = "Bearer ";

  private final Workspaces workspaces;

  public BearerTokenFilter(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/chat-flow") || path.startsWith("/chat-flow/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "missing bearer token");
      return;
    }
    Optional<Workspace> workspace;
    try {
      workspace = workspaces.authenticate(header.substring(PREFIX.length()).trim());
    } catch (DataAccessException e) {
      Problems.write(
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "database_unavailable",
          "the database is unavailable; retry later");
      return;
    }
    if (workspace.isEmpty()) {
      Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "unknown bearer token");
      return;
    }
    request.setAttribute(ATTRIBUTE, workspace.get());
    chain.doFilter(request, response);
  }
}
