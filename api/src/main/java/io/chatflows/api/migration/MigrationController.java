package io.chatflows.api.migration;

import io.chatflows.api.flow.FlowService;
import io.chatflows.api.job.JobDocument;
import io.chatflows.api.job.JobView;
import io.chatflows.api.security.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Migrating a flow's running conversations from one version to another. */
@Tag(
    name = "Migrations",
    description =
        "Moving a flow's running conversations from one version to another along a node mapping")
@RestController
class MigrationController {

  private final FlowService flows;
  private final Migrations migrations;

  MigrationController(FlowService flows, Migrations migrations) {
    this.flows = flows;
    this.migrations = migrations;
  }

  /**
   * A migration from {@code from_version} to {@code to_version}. {@code mapping} names where a node
   * of the source version goes ({@code null}: nowhere); a node it does not name goes to the node
   * with the same id in the target version, if there is one.
   */
  record MigrationRequest(Integer fromVersion, Integer toVersion, Map<String, String> mapping) {}

  @Operation(
      operationId = "dryRunMigration",
      summary = "Count the conversations a migration would move, per node",
      description =
          "Per node of the source version with open conversations: how many wait there for the"
              + " contact, how many are in the middle of a step (they move at their next wait),"
              + " and the node they would go to (`no_target`: none; those waiting there stay on"
              + " their version). Nothing changes.")
  @ApiResponse(
      responseCode = "400",
      description =
          "a version is missing or not stored (`missing_field`, `unknown_version`), both are the"
              + " same (`same_version`), or the mapping names a node that is not in its version"
              + " (`unknown_node`, field `mapping.<node>`)")
  @ApiResponse(responseCode = "404", description = "no such flow in this workspace")
  @ApiResponse(
      responseCode = "409",
      description = "the target version cannot be compiled (`flow_not_startable`)")
  @ResponseStatus(HttpStatus.OK)
  @PostMapping("/chat-flow/flows/{id}/migrations/dry-run")
  Migrations.DryRun dryRun(
      Workspace workspace, @PathVariable String id, @RequestBody MigrationRequest body) {
    return migrations.dryRun(workspace, plan(workspace, id, body));
  }

  @Operation(
      operationId = "startMigration",
      summary = "Migrate the open conversations of a version to another, in the background",
      description =
          "Starts a job (see `GET /chat-flow/jobs/{id}`) that signals every open conversation on"
              + " `from_version`: a waiting one keeps waiting at the mapped node with its"
              + " variables and the remaining time of its wait, one in the middle of a step moves"
              + " at its next wait. A waiting one whose node has no target is skipped"
              + " (`no_target`).")
  @ApiResponse(
      responseCode = "400",
      description =
          "a version is missing or not stored (`missing_field`, `unknown_version`), both are the"
              + " same (`same_version`), or the mapping names a node that is not in its version"
              + " (`unknown_node`, field `mapping.<node>`)")
  @ApiResponse(responseCode = "404", description = "no such flow in this workspace")
  @ApiResponse(
      responseCode = "409",
      description =
          "the target version cannot be compiled (`flow_not_startable`), or too many jobs wait"
              + " (`jobs_busy`)")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @PostMapping("/chat-flow/flows/{id}/migrations")
  ResponseEntity<JobView> start(
      Workspace workspace, @PathVariable String id, @RequestBody MigrationRequest body) {
    JobDocument job = migrations.start(workspace, plan(workspace, id, body));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(JobView.of(job));
  }

  private Migrations.Plan plan(Workspace workspace, String id, MigrationRequest body) {
    return migrations.plan(
        workspace, flows.get(workspace, id), body.fromVersion(), body.toVersion(), body.mapping());
  }
}
