package io.chatflows.api.flow;

import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.GraphPayloads.EdgeRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /chat-flow/edges/}: an edge without a trigger takes it from its label. */
@RestController
@Tag(
    name = "Edges",
    description =
        "The edges of the flows' graphs as resources; an edge without a trigger takes it from its label")
@RequestMapping("/chat-flow/edges")
class EdgeController extends GraphItemController<EdgeView, EdgeRequest> {

  EdgeController(EdgeService edges) {
    super("edge", edges);
  }
}
