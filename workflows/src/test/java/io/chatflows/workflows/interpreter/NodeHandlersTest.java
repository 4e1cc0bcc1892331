package io.chatflows.workflows.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.chatflows.workflows.graph.NodeBase;
import io.chatflows.workflows.graph.NodeKind;
import io.chatflows.workflows.graph.NodeKinds;
import org.junit.jupiter.api.Test;

/** A conversation can run every node kind: each has a handler. */
class NodeHandlersTest {

  @Test
  void givenEveryKind_whenLookedUp_aHandlerRunsIt() {
    for (NodeKind<?> kind : NodeKinds.all()) {
      var data = JsonNodeFactory.instance.objectNode();
      if (kind.action() != null) {
        data.put("action", kind.action());
      }
      Class<?> record = NodeKinds.read(new NodeBase("n1", kind.type(), null, data)).getClass();

      assertThat(NodeHandlers.handles(record)).as("a handler for %s", kind.id()).isTrue();
    }
    assertThat(
            NodeHandlers.handles(
                NodeKinds.read(
                        new NodeBase("n1", "sticker", null, JsonNodeFactory.instance.objectNode()))
                    .getClass()))
        .isTrue();
  }
}
