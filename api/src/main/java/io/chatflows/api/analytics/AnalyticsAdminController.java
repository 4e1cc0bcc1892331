package io.chatflows.api.analytics;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's analytics endpoints (admin token): start the backfill that counts conversations
 * and messages stored before the counters, and read how far it got.
 */
@RestController
class AnalyticsAdminController {

  private final AnalyticsBackfillRunner runner;

  AnalyticsAdminController(AnalyticsBackfillRunner runner) {
    this.runner = runner;
  }

  /** Starts a backfill (202) unless one is running; idempotent, resumable. */
  @PostMapping("/admin/analytics/backfill")
  ResponseEntity<AnalyticsBackfillRunner.State> backfill() {
    return ResponseEntity.accepted().body(runner.start());
  }

  @GetMapping("/admin/analytics/backfill")
  AnalyticsBackfillRunner.State state() {
    return runner.state();
  }
}
