package io.chatflows.api.analytics;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Workspace;
import io.chatflows.workflows.graph.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Analytics", description = "How conversations went, per flow and per node")
@RestController
class AnalyticsController {

  private final AnalyticsService analytics;

  AnalyticsController(AnalyticsService analytics) {
    this.analytics = analytics;
  }

  @Operation(
      operationId = "getAnalytics",
      summary = "Summarise the workspace's flows, or report one flow's funnel",
      description =
          "Without `flow`, one row per flow; with it, that flow's nodes, edges and messages."
              + " `from` (inclusive) and `to` (exclusive) bound the conversations' start.")
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
    if (version != null && !Limits.VERSION.contains(version)) {
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
    Instant instant;
    try {
      instant = Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw invalid(
          name,
          name
              + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z: '"
              + shortened(value)
              + "'");
    }
    if (!Limits.EPOCH_SECONDS.contains(instant.getEpochSecond())) {
      throw invalid(
          name,
          name + " must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z: " + instant);
    }
    return instant;
  }

  private static String shortened(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "…" : value;
  }

  private static ApiException invalid(String field, String message) {
    return ApiException.invalidField(
        HttpStatus.BAD_REQUEST,
        "invalid_parameter",
        field,
        message,
        List.of(Map.of("field", field, "code", "invalid", "message", message)));
  }
}
