package io.chatflows.api.security;

import io.chatflows.api.config.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Deny by default: a request needs {@code Authorization: Bearer <token>} unless its path is on the
 * short {@link #PUBLIC} list. A workspace token puts its {@link Workspace} on the request; {@code
 * /admin/} and {@code /codec/} take the {@link AdminToken} instead (404 when none is configured). A
 * missing or unknown token gets 401 problem+json.
 *
 * <p>The decision is made on the path the router matches, not on the raw request URI: each segment
 * percent-decoded and stripped of its {@code ;} parameters, matched with the same {@link
 * PathPattern}s Spring MVC uses. So {@code /chat-flow;x=1/flows} and {@code /%63hat-flow/flows}
 * need a token exactly like {@code /chat-flow/flows}, and a path that merely looks public to a
 * prefix check is not.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

  static final String ATTRIBUTE = Workspace.class.getName();

  /** The SHA-256 hash of the request's workspace token, for {@link Callers}. */
  static final String TOKEN_ATTRIBUTE = Actor.class.getName();

  private static final String PREFIX = "Bearer ";

  /**
   * Reachable without a token: health probes, the WhatsApp webhook (every POST is verified by its
   * signature, the GET by the verify token), the API docs, the builder's static files and the page
   * shell of its client-side routes ({@code /flows/...}: {@code index.html}; its data comes from
   * the token-guarded API), and the Prometheus scrape endpoint (aggregate counters with bounded
   * labels only: no ids, contact data or secrets; Prometheus scrapes it without credentials).
   */
  static final List<PathPattern> PUBLIC =
      patterns(
          "/actuator/health",
          "/actuator/health/**",
          "/actuator/prometheus",
          "/webhooks/whatsapp",
          "/v3/api-docs",
          "/v3/api-docs/**",
          "/swagger-ui.html",
          "/swagger-ui/**",
          "/",
          "/index.html",
          "/assets/**",
          "/favicon.ico",
          "/favicon.svg",
          "/flows",
          "/flows/**",
          "/agents",
          "/agents/**");

  /** The operator's endpoints, opened by the admin token. */
  static final List<PathPattern> OPERATOR = patterns("/admin/**", "/codec/**");

  /** The credential a path needs. */
  public enum Access {
    /** None: health probes, the WhatsApp webhook, the API docs, the builder's files. */
    PUBLIC,
    /** The admin token ({@code CHATFLOW_ADMIN_TOKEN}). */
    OPERATOR,
    /** A workspace's API token: every other path. */
    WORKSPACE
  }

  private final Workspaces workspaces;
  private final AdminToken adminToken;

  public BearerTokenFilter(Workspaces workspaces, AdminToken adminToken) {
    this.workspaces = workspaces;
    this.adminToken = adminToken;
  }

  private static List<PathPattern> patterns(String... patterns) {
    return Stream.of(patterns).map(PathPatternParser.defaultInstance::parse).toList();
  }

  /** The path as the router sees it: decoded segments without {@code ;} parameters. */
  static PathContainer routedPath(HttpServletRequest request) {
    return ServletRequestPathUtils.parse(request).pathWithinApplication();
  }

  private static boolean matches(List<PathPattern> patterns, PathContainer path) {
    return patterns.stream().anyMatch(pattern -> pattern.matches(path));
  }

  /**
   * {@code .} or {@code ..} (also percent-encoded): the router does not resolve them, so such a
   * path reaches no protected endpoint; it is still never public, in case a handler resolves them.
   */
  private static boolean hasDotSegment(PathContainer path) {
    return path.elements().stream()
        .filter(PathContainer.PathSegment.class::isInstance)
        .map(segment -> ((PathContainer.PathSegment) segment).valueToMatch())
        .anyMatch(value -> value.equals(".") || value.equals(".."));
  }

  /** The credential a request to this path (as the router sees it) needs. */
  public static Access access(PathContainer path) {
    if (matches(PUBLIC, path) && !hasDotSegment(path)) {
      return Access.PUBLIC;
    }
    return matches(OPERATOR, path) ? Access.OPERATOR : Access.WORKSPACE;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    switch (access(routedPath(request))) {
      case PUBLIC -> chain.doFilter(request, response);
      case OPERATOR -> operator(request, response, chain);
      case WORKSPACE -> workspace(request, response, chain);
    }
  }

  private void operator(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!adminToken.configured()) {
      Problems.write(response, HttpStatus.NOT_FOUND, "not_found", "endpoint not found");
    } else if (CorsUtils.isPreFlightRequest(request)) {
      // A browser's preflight carries no credentials; the CORS configuration answers it.
      chain.doFilter(request, response);
    } else if (!adminToken.matches(credential(request))) {
      Problems.write(
          response, HttpStatus.UNAUTHORIZED, "unauthorized", "this endpoint needs the admin token");
    } else {
      chain.doFilter(request, response);
    }
  }

  private void workspace(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = credential(request);
    if (token == null) {
      Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "missing bearer token");
      return;
    }
    Optional<Workspace> workspace;
    try {
      workspace = workspaces.authenticate(token);
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
    request.setAttribute(TOKEN_ATTRIBUTE, Tokens.hash(token));
    chain.doFilter(request, response);
  }

  /** The token after {@code Bearer }, or {@code null} when there is none. */
  private static String credential(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
