package io.chatflows.api.config;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** Writes problem+json from servlet filters, which run outside the MVC error handling. */
public final class Problems {

  private Problems() {}

  public static void write(
      HttpServletResponse response, HttpStatus status, String code, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response.getWriter().write(json(status, code, detail));
  }

  /** The problem document; {@code code} and {@code detail} are our own words, never input. */
  public static String json(HttpStatus status, String code, String detail) {
    return "{\"type\":\"https://chat-flows.dev/problems/"
        + code.replace('_', '-')
        + "\",\"title\":\""
        + status.getReasonPhrase()
        + "\",\"status\":"
        + status.value()
        + ",\"detail\":\""
        + detail.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"code\":\""
        + code
        + "\"}";
  }
}
