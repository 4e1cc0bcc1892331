package io.chatflows.api.job;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.security.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The background jobs over conversations: their progress, and the record of who asked what. */
@Tag(
    name = "Jobs",
    description =
        "Background jobs over conversations (migrations, bulk move, restart, cancel): progress and"
            + " the record of who asked for each")
@RestController
class JobController {

  private final JobStore jobs;

  JobController(JobStore jobs) {
    this.jobs = jobs;
  }

  @Operation(
      operationId = "listJobs",
      summary = "List the workspace's jobs over conversations, newest first: who asked for what")
  @GetMapping("/chat-flow/jobs")
  PageResponse<JobView> list(Workspace workspace, Paging paging) {
    List<JobView> results =
        jobs.list(workspace.id(), paging.offset(), paging.pageSize()).stream()
            .map(JobView::of)
            .toList();
    return paging.answer(results, jobs.count(workspace.id()));
  }

  @Operation(operationId = "getJob", summary = "Get a job's progress")
  @GetMapping("/chat-flow/jobs/{id}")
  JobView get(Workspace workspace, @PathVariable String id) {
    return JobView.of(
        jobs.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("job")));
  }
}
