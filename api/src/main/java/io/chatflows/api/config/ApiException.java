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
  private final String field;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(
      HttpStatus status, String code, String message, List<Map<String, Object>> errors) {
    this(status, code, message, errors, null);
  }

  private ApiException(
      HttpStatus status,
      String code,
      String message,
      List<Map<String, Object>> errors,
      String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.field = field;
  }

  /** A problem with one request field, named in the problem's {@code field} property. */
  public static ApiException invalidField(
      HttpStatus status, String code, String field, String message) {
    return new ApiException(status, code, message, List.of(), field);
  }

  /** A problem with one request field, also listed in {@code errors}. */
  public static ApiException invalidField(
      HttpStatus status,
      String code,
      String field,
      String message,
      List<Map<String, Object>> errors) {
    return new ApiException(status, code, message, errors, field);
  }

  public static ApiException invalidField(String code, String field, String message) {
    return invalidField(HttpStatus.BAD_REQUEST, code, field, message);
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

  /** The request field the problem concerns ({@code flow_data.nodes}), or {@code null}. */
  public String field() {
    return field;
  }
}
