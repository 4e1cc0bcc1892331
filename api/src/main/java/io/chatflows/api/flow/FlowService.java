package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.FlowPayloads.FlowDetail;
import io.chatflows.api.flow.FlowPayloads.FlowRequest;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.FlowPayloads.Settings;
import io.chatflows.api.flow.FlowPayloads.ValidationResult;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowValidator;
import io.chatflows.workflows.graph.Problem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Creates, changes and validates flows; every change to the graph makes a new version. */
@Service
public class FlowService {

  static final String EMPTY_GRAPH = "{\"nodes\":[],\"edges\":[]}";

  private final FlowStore flows;
  private final TemplateStore templates;

  public FlowService(FlowStore flows, TemplateStore templates) {
    this.flows = flows;
    this.templates = templates;
  }

  public FlowDocument get(Workspace workspace, String id) {
    return flows.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("flow"));
  }

  public FlowDocument create(Workspace workspace, FlowRequest request) {
    if (request.name() == null || request.name().isBlank()) {
      throw ApiException.badRequest("name_required", "name is required");
    }
    Instant now = Instant.now();
    FlowDocument flow =
        new FlowDocument(
            UUID.randomUUID().toString(),
            workspace.id(),
            request.name().trim(),
            request.description(),
            Boolean.TRUE.equals(request.isActive()),
            request.startTemplate(),
            flowData(request),
            timeout(request.settings(), 0),
            1,
            now,
            now,
            null);
    return store(workspace, flow, true);
  }

  /** PUT replaces every field; PATCH ({@code partial}) keeps the fields the request leaves out. */
  public FlowDocument update(Workspace workspace, String id, FlowRequest request, boolean partial) {
    FlowDocument current = get(workspace, id);
    if (!partial && (request.name() == null || request.name().isBlank())) {
      throw ApiException.badRequest("name_required", "name is required");
    }
    String flowData =
        partial && request.flowData() == null ? current.flowData() : flowData(request);
    String startTemplate =
        partial && request.startTemplate() == null
            ? current.startTemplate()
            : request.startTemplate();
    long timeout =
        partial && request.settings() == null
            ? current.replyTimeoutSeconds()
            : timeout(request.settings(), 0);
    boolean graphChanged =
        !flowData.equals(current.flowData())
            || !Objects.equals(startTemplate, current.startTemplate())
            || timeout != current.replyTimeoutSeconds();
    FlowDocument next =
        new FlowDocument(
            current.id(),
            current.workspaceId(),
            partial && request.name() == null ? current.name() : request.name().trim(),
            partial && request.description() == null
                ? current.description()
                : request.description(),
            partial && request.isActive() == null
                ? current.isActive()
                : Boolean.TRUE.equals(request.isActive()),
            startTemplate,
            flowData,
            timeout,
            graphChanged ? current.version() + 1 : current.version(),
            current.createdAt(),
            Instant.now(),
            current.revision());
    return store(workspace, next, graphChanged);
  }

  /**
   * Validates and saves. Inactive drafts are saved with their problems; an active flow must have no
   * errors.
   */
  public FlowDocument store(Workspace workspace, FlowDocument flow, boolean newVersion) {
    List<Problem> problems = validate(workspace, flow.flowData(), flow.startTemplate());
    if (flow.isActive() && problems.stream().anyMatch(Problem::isError)) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_flow",
          "the flow cannot be activated: it has errors",
          problems.stream().filter(Problem::isError).map(FlowService::asMap).toList());
    }
    if (newVersion) {
      flows.saveVersion(
          new FlowVersionDocument(
              FlowVersionDocument.idOf(flow.id(), flow.version()),
              workspace.id(),
              flow.id(),
              flow.version(),
              flow.name(),
              flow.startTemplate(),
              flow.flowData(),
              flow.replyTimeoutSeconds(),
              Instant.now()));
    }
    return flows.save(flow);
  }

  public List<Problem> validate(Workspace workspace, String flowData, String startTemplate) {
    return FlowValidator.validate(
        FlowGraphs.parse(flowData), startTemplate, templates.catalog(workspace.id()));
  }

  public ValidationResult validate(Workspace workspace, FlowRequest request) {
    List<Problem> problems = validate(workspace, flowData(request), request.startTemplate());
    List<Problem> errors = problems.stream().filter(Problem::isError).toList();
    return new ValidationResult(
        errors.isEmpty(), errors, problems.stream().filter(p -> !p.isError()).toList());
  }

  public FlowDetail detail(Workspace workspace, FlowDocument flow) {
    FlowGraph graph = FlowGraphs.parse(flow.flowData());
    List<Problem> problems = validate(workspace, flow.flowData(), flow.startTemplate());
    return new FlowDetail(
        flow.id(),
        flow.name(),
        flow.description(),
        flow.isActive(),
        flow.startTemplate(),
        flow.flowData(),
        new Settings(flow.replyTimeoutSeconds() > 0 ? flow.replyTimeoutSeconds() : null),
        flow.version(),
        flow.createdAt(),
        flow.updatedAt(),
        graph.nodes().stream()
            .filter(n -> n.nodeId() != null)
            .map(n -> NodeView.of(flow.id(), n))
            .toList(),
        graph.edges().stream()
            .filter(e -> e.edgeId() != null)
            .map(e -> EdgeView.of(flow.id(), e))
            .toList(),
        problems.stream().filter(Problem::isError).toList(),
        problems.stream().filter(p -> !p.isError()).toList());
  }

  private static String flowData(FlowRequest request) {
    if (request.flowData() == null || request.flowData().isNull()) {
      return EMPTY_GRAPH;
    }
    if (!request.flowData().isObject()) {
      throw ApiException.badRequest(
          "invalid_flow_data", "flow_data must be an object with nodes and edges");
    }
    for (String field : List.of("nodes", "edges")) {
      if (request.flowData().has(field) && !request.flowData().get(field).isArray()) {
        throw ApiException.badRequest(
            "invalid_flow_data", "flow_data." + field + " must be an array");
      }
    }
    return request.flowData().toString();
  }

  private static long timeout(Settings settings, long fallback) {
    if (settings == null || settings.replyTimeoutSeconds() == null) {
      return fallback;
    }
    if (settings.replyTimeoutSeconds() <= 0) {
      throw ApiException.badRequest(
          "invalid_settings", "settings.reply_timeout_seconds must be positive");
    }
    return settings.replyTimeoutSeconds();
  }

  static Map<String, Object> asMap(Problem problem) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("code", problem.code());
    map.put("severity", problem.severity());
    map.put("message", problem.message());
    map.put("node_id", problem.nodeId());
    map.put("edge_id", problem.edgeId());
    return map;
  }
}
