package io.chatflows.api.config;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with {@code application/problem+json}.
 *
 * @param code a machine-readable error code
 * @param errors per-item problems (validation), each a map with at least {@code code} and {@code
 *     message}
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final List<Map<String, Object>> errors;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(
      HttpStatus status, String code, String message, List<Map<String, Object>> errors) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(HttpStatus.CONFLICT, code, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Map<String, Object>> errors() {
    return errors;
  }
}
