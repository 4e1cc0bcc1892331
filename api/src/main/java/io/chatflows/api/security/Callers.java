package io.chatflows.api.security;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The token of the request being served, for records of who changed what. Read from the request
 * rather than passed down every call, because every write of a flow (PUT, PATCH, node and edge
 * changes, publish) goes through one method that records it, whichever controller it came from.
 */
@Component
public class Callers {

  private final Workspaces workspaces;

  public Callers(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /** The token of the current request, or {@code null} outside an authenticated request. */
  public Actor current() {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return null;
    }
    Object hash =
        request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (!(hash instanceof String tokenHash)) {
      return null;
    }
    return Actor.of(tokenHash, workspaces.tokenName(tokenHash).orElse(null));
  }
}
