package io.chatflows.api.flow;

import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.GraphPayloads.NodeRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /chat-flow/nodes/}: deleting a node deletes the edges from and to it. */
@RestController
@Tag(
    name = "Nodes",
    description =
        "The nodes of the flows' graphs as resources; deleting a node deletes the edges from and to it")
@RequestMapping("/chat-flow/nodes")
class NodeController extends GraphItemController<NodeView, NodeRequest> {

  NodeController(NodeService nodes) {
    super("node", nodes);
  }
}
