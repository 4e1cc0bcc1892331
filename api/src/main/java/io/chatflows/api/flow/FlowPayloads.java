package io.chatflows.api.flow;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.chatflows.api.security.Actor;
import io.chatflows.workflows.graph.GraphEdge;
import io.chatflows.workflows.graph.GraphNode;
import io.chatflows.workflows.graph.Problem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Request and response bodies of {@code /chat-flow/flows/}. */
public final class FlowPayloads {

  private FlowPayloads() {}

  /** Flow settings; {@code reply_timeout_seconds} is the default wait of template nodes. */
  public record Settings(
      @Schema(
              minimum = "1",
              maximum = "2592000",
              description = "default wait for a reply at template nodes, 1 s to 30 days")
          Long replyTimeoutSeconds) {}

  /**
   * Create, replace (PUT) or patch (PATCH: absent fields stay) a flow. Exactly the seed's body
   * works: {@code name}, {@code is_active}, {@code start_template}, {@code flow_data}. On PUT and
   * PATCH, {@code version} (like an {@code If-Match} header) is a precondition: the write is
   * refused with 409 unless the flow is still at that version.
   */
  public record FlowRequest(
      String name,
      String description,
      Boolean isActive,
      String startTemplate,
      @Schema(
              type = "object",
              types = {"object"},
              description = "the ReactFlow graph: nodes, edges and any other key, kept as sent")
          JsonNode flowData,
      Settings settings,
      @Schema(description = "PUT/PATCH precondition: the version the change is based on")
          Integer version) {}

  /** A node or an edge as a resource: its resource id and its id in the graph. */
  interface GraphItemView {
    String id();

    String graphId();
  }

  /** A node of the normalized graph. */
  public record NodeView(
      String id,
      String flow,
      String nodeId,
      String nodeType,
      @JsonRawValue
          @Schema(
              type = "object",
              types = {"object"})
          String position,
      @JsonRawValue
          @Schema(
              type = "object",
              types = {"object"})
          String data)
      implements GraphItemView {

    @Override
    public String graphId() {
      return nodeId;
    }

    static NodeView of(String flowId, GraphNode node) {
      return new NodeView(
          GraphIds.nodeId(flowId, node.nodeId()),
          flowId,
          node.nodeId(),
          node.nodeType(),
          node.position() == null ? null : node.position().toString(),
          node.data().toString());
    }
  }

  /** An edge of the normalized graph; {@code source_node}/{@code target_node} are graph ids. */
  public record EdgeView(
      String id,
      String flow,
      String edgeId,
      String sourceNode,
      String targetNode,
      String trigger,
      String triggerValue,
      String operator,
      String label)
      implements GraphItemView {

    @Override
    public String graphId() {
      return edgeId;
    }

    static EdgeView of(String flowId, GraphEdge edge) {
      return new EdgeView(
          GraphIds.edgeId(flowId, edge.edgeId()),
          flowId,
          edge.edgeId(),
          edge.source(),
          edge.target(),
          edge.rawTrigger(),
          edge.triggerValue(),
          edge.operator(),
          edge.label());
    }
  }

  /** A flow as listed: without its graph. */
  public record FlowSummary(
      String id,
      String name,
      String description,
      boolean isActive,
      String startTemplate,
      int version,
      Instant createdAt,
      Instant updatedAt,
      @Schema(description = PUBLISHED_VERSION) Integer publishedVersion,
      @Schema(description = DRAFT_CHANGED) boolean draftChanged) {

    static FlowSummary of(FlowDocument flow) {
      return new FlowSummary(
          flow.id(),
          flow.name(),
          flow.description(),
          flow.isActive(),
          flow.startTemplate(),
          flow.version(),
          flow.createdAt(),
          flow.updatedAt(),
          flow.startVersion(),
          unpublishedDraft(flow));
    }
  }

  static final String VERSION =
      "the draft's version, moved by every change of the graph, start template or reply timeout;"
          + " the ETag, for If-Match";
  static final String PUBLISHED_VERSION =
      "the version new conversations start on; null until the flow is first published";
  static final String DRAFT_CHANGED =
      "whether the draft has versions that are not published (true for a flow never published)";

  static boolean unpublishedDraft(FlowDocument flow) {
    return !Integer.valueOf(flow.version()).equals(flow.startVersion());
  }

  /** A flow in full: {@code flow_data} exactly as saved, the normalized graph and its problems. */
  public record FlowDetail(
      String id,
      String name,
      String description,
      boolean isActive,
      String startTemplate,
      @JsonRawValue
          @Schema(
              type = "object",
              types = {"object"})
          String flowData,
      Settings settings,
      @Schema(description = VERSION) int version,
      Instant createdAt,
      Instant updatedAt,
      List<NodeView> nodes,
      List<EdgeView> edges,
      List<Problem> errors,
      List<Problem> warnings,
      @Schema(description = PUBLISHED_VERSION) Integer publishedVersion,
      @Schema(description = DRAFT_CHANGED) boolean draftChanged,
      @Schema(description = "the token that last changed the draft") Actor updatedBy) {}

  /** The result of {@code POST /chat-flow/flows/validate/}. */
  public record ValidationResult(boolean valid, List<Problem> errors, List<Problem> warnings) {}

  /**
   * A version of a flow: the change that made it and whether and when it was published; {@code
   * flow_data} only in detail.
   */
  public record VersionView(
      int version,
      String name,
      String startTemplate,
      @JsonRawValue
          @Schema(
              type = "object",
              types = {"object"})
          String flowData,
      @Schema(description = "when the change that made this version was saved") Instant createdAt,
      @Schema(description = "the token whose change made this version") Actor changedBy,
      @Schema(description = "what this version changed against the version before it")
          VersionSummary summary,
      @Schema(description = "the earlier version this one copies, when a rollback made it")
          Integer rolledBackFrom,
      @Schema(description = "whether new conversations start on this version") boolean isPublished,
      @Schema(description = "when this version was published; null while it never was")
          Instant publishedAt,
      @Schema(description = "the token that published it") Actor publishedBy) {

    static VersionView of(FlowVersionDocument v, FlowDocument flow, boolean withGraph) {
      return new VersionView(
          v.version(),
          v.name(),
          v.startTemplate(),
          withGraph ? v.flowData() : null,
          v.createdAt(),
          v.changedBy(),
          v.summary(),
          v.rolledBackFrom(),
          Integer.valueOf(v.version()).equals(flow.startVersion()),
          v.publishedAt(),
          v.publishedBy());
    }
  }

  /** The body of {@code POST /chat-flow/flows/{id}/rollback/}. */
  public record RollbackRequest(
      @Schema(
              minimum = "1",
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "the earlier version to publish again as the next version")
          Integer version) {}
}
