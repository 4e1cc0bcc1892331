package io.chatflows.api.flow;

import io.chatflows.api.config.PageResponse;
import io.chatflows.api.config.Paging;
import io.chatflows.api.flow.FlowPayloads.GraphItemView;
import io.chatflows.api.security.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The endpoints of {@code /chat-flow/nodes/} and {@code /chat-flow/edges/}: the items of the flows'
 * graphs as resources, a second view of {@code flow_data} where every change edits the flow's graph
 * and makes a new flow version. PUT and PATCH alike replace the fields given and keep the others.
 *
 * @param <V> the item as answered
 * @param <R> the body of a create or change
 */
abstract class GraphItemController<V extends GraphItemView, R> {

  private final GraphItems<V, R> items;

  GraphItemController(GraphItems<V, R> items) {
    this.items = items;
  }

  @GetMapping
  PageResponse<V> list(
      Workspace workspace, @RequestParam(required = false) String flow, Paging paging) {
    return items.list(workspace, flow, paging);
  }

  @PostMapping
  ResponseEntity<V> create(Workspace workspace, @RequestBody R body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(items.create(workspace, body));
  }

  @GetMapping("/{id}")
  V get(Workspace workspace, @PathVariable String id) {
    return items.get(workspace, id);
  }

  @PutMapping("/{id}")
  V replace(Workspace workspace, @PathVariable String id, @RequestBody R body) {
    return items.update(workspace, id, body);
  }

  @PatchMapping("/{id}")
  V patch(Workspace workspace, @PathVariable String id, @RequestBody R body) {
    return items.update(workspace, id, body);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Workspace workspace, @PathVariable String id) {
    items.delete(workspace, id);
    return ResponseEntity.noContent().build();
  }
}
