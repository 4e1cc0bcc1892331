package io.chatflows.api.config;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowServiceException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/** Maps every error to {@code application/problem+json}; nothing escapes as a stack trace. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ResponseEntity<ProblemDetail> response =
        problem(e.status(), e.code(), e.getMessage(), e.errors());
    if (e.field() != null) {
      response.getBody().setProperty("field", e.field());
    }
    return response;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    ResponseEntity<ProblemDetail> response =
        problem(
            HttpStatus.BAD_REQUEST,
            "invalid_parameter",
            "parameter '" + e.getName() + "' has the wrong type or is out of range",
            List.of());
    response.getBody().setProperty("field", e.getName());
    return response;
  }

  /** Tomcat refuses to decode a query string (or form body) that is not valid percent-encoding. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodableParameters(InvalidParameterException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "malformed_query",
        "the query string or form body is not valid percent-encoded UTF-8",
        List.of());
  }

  @ExceptionHandler(OptimisticLockingFailureException.class)
  ResponseEntity<ProblemDetail> staleWrite(OptimisticLockingFailureException e) {
    return problem(
        HttpStatus.CONFLICT,
        "concurrent_modification",
        "the resource was changed by another request; read it again and retry",
        List.of());
  }

  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
    return problem(
        HttpStatus.CONFLICT,
        "duplicate",
        "a resource with the same unique value already exists",
        List.of());
  }

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    MongoTimeoutException.class,
    MongoSocketException.class
  })
  ResponseEntity<ProblemDetail> databaseDown(RuntimeException e) {
    log.warn("MongoDB unavailable: {}", e.getMessage());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "database_unavailable",
        "the database is unavailable; retry later",
        List.of());
  }

  @ExceptionHandler({WorkflowServiceException.class, StatusRuntimeException.class})
  ResponseEntity<ProblemDetail> temporalDown(RuntimeException e) {
    log.warn("Temporal call failed: {}", e.toString());
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "temporal_unavailable",
        "the workflow service is unavailable; retry later",
        List.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (databaseUnreachable(e)) {
      return databaseDown(new DataAccessResourceFailureException(e.getMessage(), e));
    }
    log.error("unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "an unexpected error occurred",
        List.of());
  }

  /**
   * True when a driver timeout or socket error hides under another exception (e.g. {@code
   * UncategorizedMongoDbException} or a wrapped store failure): the database is down, not the code.
   */
  private static boolean databaseUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoTimeoutException
          || t instanceof MongoSocketException
          || t instanceof DataAccessResourceFailureException) {
        return true;
      }
    }
    return false;
  }

  /** Malformed JSON or a value of the wrong type; the problem names the field when known. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = ex.getMostSpecificCause();
    String detail =
        cause instanceof JacksonException json ? json.getOriginalMessage() : cause.getMessage();
    if (ex.getCause() == null || detail == null) {
      detail = "the request body is missing";
    } else {
      detail = detail.lines().findFirst().orElse(detail);
      detail =
          "the request body is not valid JSON of the expected shape: "
              + (detail.length() > 300 ? detail.substring(0, 300) : detail);
    }
    ProblemDetail body = body(HttpStatus.BAD_REQUEST, "malformed_body", detail, List.of());
    String field = cause instanceof JacksonException json ? field(json) : null;
    if (field != null) {
      body.setProperty("field", field);
    }
    return ResponseEntity.status(HttpStatus.BAD_REQUEST)
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /**
   * The JSON path of a binding error: {@code is_active}, {@code settings.reply_timeout_seconds}.
   */
  private static String field(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, statusCode, request);
    if (response != null
        && response.getBody() instanceof ProblemDetail detail
        && detail.getProperties() == null) {
      detail.setProperty("code", "http_" + statusCode.value());
    }
    return response;
  }

  /** Builds a problem response; {@code code} names the problem for machines. */
  public static ResponseEntity<ProblemDetail> problem(
      HttpStatusCode status, String code, String detail, List<Map<String, Object>> errors) {
    return ResponseEntity.status(status)
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(body(status, code, detail, errors));
  }

  static ProblemDetail body(
      HttpStatusCode status, String code, String detail, List<Map<String, Object>> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://chat-flows.dev/problems/" + code.replace('_', '-')));
    problem.setProperty("code", code);
    if (!errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }
}
