package io.chatflows.api.config;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container forwards to {@code /error} instead of the controllers (a method it
 * refuses itself such as {@code TRACE}, an exception thrown in a filter) are answered with
 * problem+json like every other error, in place of Spring Boot's own JSON. {@code /error} requested
 * directly is not an endpoint (404).
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        request.getDispatcherType() == DispatcherType.ERROR && code instanceof Integer value
            ? HttpStatus.resolve(value)
            : null;
    if (status == null || status.value() < 400) {
      return ProblemHandler.problem(
          HttpStatus.NOT_FOUND, "not_found", "endpoint not found", List.of());
    }
    if (status.is5xxServerError()) {
      return ProblemHandler.problem(
          status, "internal_error", "an unexpected error occurred", List.of());
    }
    return ProblemHandler.problem(
        status, "http_" + status.value(), status.getReasonPhrase().toLowerCase(), List.of());
  }
}
