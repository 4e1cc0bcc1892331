package io.chatflows.api.analytics;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Workspace;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /chat-flow/analytics/}: without {@code flow}, one summary row per flow of the
 * workspace; with {@code ?flow={id}}, that flow's funnel. {@code from} (inclusive) and {@code to}
 * (exclusive) are ISO-8601 instants on the conversations' start time; {@code version} narrows a
 * flow's analytics to the conversations that ran on that version.
 */
@RestController
class AnalyticsController {

  private final AnalyticsService analytics;

  AnalyticsController(AnalyticsService analytics) {
    this.analytics = analytics;
  }

  @GetMapping("/chat-flow/analytics")
  AnalyticsPayloads.Answer analytics(
      Workspace workspace,
      @RequestParam(required = false) String flow,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer version) {
    Range range = Range.of(from, to);
    if (flow == null) {
      if (version != null) {
        throw invalid("version", "version needs a flow");
      }
      return analytics.summary(workspace, range.from(), range.to());
    }
    if (flow.isBlank()) {
      throw invalid("flow", "flow must name a flow id");
    }
    if (version != null && version < 1) {
      throw invalid("version", "version must be 1 or more");
    }
    return analytics.flow(workspace, flow.trim(), version, range.from(), range.to());
  }

  /** A validated time range on the conversations' start; either end may be open. */
  record Range(Instant from, Instant to) {
    static Range of(String from, String to) {
      Range range = new Range(instant("from", from), instant("to", to));
      if (range.from() != null && range.to() != null && !range.from().isBefore(range.to())) {
        throw invalid("to", "to must be after from");
      }
      return range;
    }
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw invalid(
          name,
          name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z: '" + value + "'");
    }
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_parameter",
        message,
        List.of(Map.of("field", field, "code", "invalid", "message", message)));
  }
}
