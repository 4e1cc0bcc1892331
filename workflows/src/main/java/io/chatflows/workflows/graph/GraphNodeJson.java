package io.chatflows.workflows.graph;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A {@link GraphNode} in JSON is its {@link NodeBase}: the shape workflow inputs have always had,
 * read back into its kind by {@link NodeKinds#read}.
 */
final class GraphNodeJson {

  private GraphNodeJson() {}

  static final class Writer extends StdSerializer<GraphNode> {
    Writer() {
      super(GraphNode.class);
    }

    @Override
    public void serialize(GraphNode node, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeStartObject();
      out.writeStringField("nodeId", node.nodeId());
      out.writeStringField("nodeType", node.nodeType());
      out.writeFieldName("position");
      out.writeTree(node.position());
      out.writeFieldName("data");
      out.writeTree(node.data());
      out.writeEndObject();
    }
  }

  static final class Reader extends StdDeserializer<GraphNode> {
    Reader() {
      super(GraphNode.class);
    }

    @Override
    public GraphNode deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonNode node = in.readValueAsTree();
      JsonNode position = node.get("position");
      return NodeKinds.read(
          new NodeBase(
              JsonValues.text(node, "nodeId"),
              JsonValues.text(node, "nodeType"),
              position == null || position.isNull() ? null : position,
              FlowGraphParser.dataOf(node.get("data"))));
    }
  }
}
