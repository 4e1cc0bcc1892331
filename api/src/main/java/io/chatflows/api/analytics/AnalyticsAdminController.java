package io.chatflows.api.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's analytics endpoints (admin token): start the backfill that counts conversations
 * and messages stored before the counters, and read how far it got.
 */
@Tag(name = "Admin", description = "The operator's endpoints, opened by the admin token")
@RestController
class AnalyticsAdminController {

  private final AnalyticsBackfillRunner runner;

  AnalyticsAdminController(AnalyticsBackfillRunner runner) {
    this.runner = runner;
  }

  @Operation(
      operationId = "startAnalyticsBackfill",
      summary = "Count what was stored before the analytics counters (idempotent, resumable)",
      description =
          "Starts the backfill in the background unless one is running, and answers its state."
              + " Every conversation and message already counted is skipped, so running it again"
              + " (after a crash, or after the last replica of a version without counters stopped)"
              + " counts only what is left.")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PostMapping("/admin/analytics/backfill")
  AnalyticsBackfillRunner.BackfillState backfill() {
    return runner.start();
  }

  @Operation(
      operationId = "getAnalyticsBackfill",
      summary = "The state of the last analytics backfill of this process")
  @GetMapping("/admin/analytics/backfill")
  AnalyticsBackfillRunner.BackfillState state() {
    return runner.state();
  }
}
