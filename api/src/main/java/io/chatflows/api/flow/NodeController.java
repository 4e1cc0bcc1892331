package io.chatflows.api.flow;

import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.config.PageResponse;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.GraphPayloads.NodeRequest;
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
 * {@code /chat-flow/nodes/}: the nodes of the flows' graphs as resources. A second view of {@code
 * flow_data}: every change edits the flow's graph and makes a new flow version.
 */
@RestController
@RequestMapping("/chat-flow/nodes")
class NodeController {

  private final NodeService nodes;
  private final ApiLimits limits;

  NodeController(NodeService nodes, ApiLimits limits) {
    this.nodes = nodes;
    this.limits = limits;
  }

  @GetMapping
  PageResponse<NodeView> list(
      Workspace workspace,
      @RequestParam(required = false) String flow,
      @RequestParam(required = false) Integer page,
      @RequestParam(name = "page_size", required = false) Integer pageSize,
      HttpServletRequest request) {
    return nodes.list(workspace, flow, PageResponse.paging(page, pageSize, limits), request);
  }

  @PostMapping
  ResponseEntity<NodeView> create(Workspace workspace, @RequestBody NodeRequest body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(nodes.create(workspace, body));
  }

  @GetMapping("/{id}")
  NodeView get(Workspace workspace, @PathVariable String id) {
    return nodes.get(workspace, id);
  }

  /** PUT and PATCH alike: the fields given replace, the others stay. */
  @PutMapping("/{id}")
  NodeView replace(Workspace workspace, @PathVariable String id, @RequestBody NodeRequest body) {
    return nodes.update(workspace, id, body);
  }

  @PatchMapping("/{id}")
  NodeView patch(Workspace workspace, @PathVariable String id, @RequestBody NodeRequest body) {
    return nodes.update(workspace, id, body);
  }

  /** Deletes the node and the edges from and to it. */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Workspace workspace, @PathVariable String id) {
    nodes.delete(workspace, id);
    return ResponseEntity.noContent().build();
  }
}
