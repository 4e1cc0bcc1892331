package io.chatflows.api.flow;

import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.GraphPayloads.EdgeRequest;
import io.chatflows.api.security.Workspace;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /chat-flow/edges/}: the edges of the flows' graphs as resources. A second view of {@code
 * flow_data}: every change edits the flow's graph and makes a new flow version.
 */
@RestController
@RequestMapping("/chat-flow/edges")
class EdgeController {

  private final EdgeService edges;
  private final ApiLimits limits;

  EdgeController(EdgeService edges, ApiLimits limits) {
    this.edges = edges;
    this.limits = limits;
  }

  @GetMapping
  PageResponse<EdgeView> list(
      Workspace workspace,
      @RequestParam(required = false) String flow,
      @RequestParam(required = false) Integer page,
      @RequestParam(name = "page_size", required = false) Integer pageSize,
      HttpServletRequest request) {
    return edges.list(workspace, flow, PageResponse.paging(page, pageSize, limits), request);
  }

  @PostMapping
  ResponseEntity<EdgeView> create(Workspace workspace, @RequestBody EdgeRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(edges.create(workspace, body));
  }

  @GetMapping("/{id}")
  EdgeView get(Workspace workspace, @PathVariable String id) {
    return edges.get(workspace, id);
  }

  /** PUT and PATCH alike: the fields given replace, the others stay. */
  @PutMapping("/{id}")
  EdgeView replace(Workspace workspace, @PathVariable String id, @RequestBody EdgeRequest body) {
    return edges.update(workspace, id, body);
  }

  @PatchMapping("/{id}")
  EdgeView patch(Workspace workspace, @PathVariable String id, @RequestBody EdgeRequest body) {
    return edges.update(workspace, id, body);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Workspace workspace, @PathVariable String id) {
    edges.delete(workspace, id);
    return ResponseEntity.noContent().build();
  }
}
