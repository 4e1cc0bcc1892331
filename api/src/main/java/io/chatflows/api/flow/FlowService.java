package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.FlowPayloads.FlowDetail;
import io.chatflows.api.flow.FlowPayloads.FlowRequest;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.FlowPayloads.Settings;
import io.chatflows.api.flow.FlowPayloads.ValidationResult;
import io.chatflows.api.security.Workspace;
import io.chatflows.api.template.TemplateStore;
import io.chatflows.workflows.graph.FlowCompiler.TemplateCatalog;
import io.chatflows.workflows.graph.FlowGraph;
import io.chatflows.workflows.graph.FlowValidator;
import io.chatflows.workflows.graph.Problem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Creates, changes and validates flows; every change to the graph makes a new version. */
@Service
public class FlowService {

  private static final int MAX_RENDERED = 64;

  private final FlowStore flows;
  private final TemplateStore templates;
  private final ApiLimits limits;

  /**
   * Details of recently read flows by workspace and flow id, with the revision and the template
   * catalog they were rendered from: a GET reads only the flow's revision while both are unchanged.
   */
  private final ConcurrentHashMap<String, Rendered> rendered = new ConcurrentHashMap<>();

  private record Rendered(long revision, TemplateCatalog catalog, FlowDetail detail) {}

  public FlowService(FlowStore flows, TemplateStore templates, ApiLimits limits) {
    this.flows = flows;
    this.templates = templates;
    this.limits = limits;
  }

  public FlowDocument get(Workspace workspace, String id) {
    return flows.find(workspace.id(), id).orElseThrow(() -> ApiException.notFound("flow"));
  }

  /** Creates the flow; the answer is its detail, rendered from the graph just validated. */
  public FlowDetail create(Workspace workspace, FlowRequest request) {
    if (request.name() == null || request.name().isBlank()) {
      throw ApiException.invalidField("name_required", "name", "name is required");
    }
    FlowInput.checkTexts(request);
    Instant now = Instant.now();
    FlowDocument flow =
        new FlowDocument(
            UUID.randomUUID().toString(),
            workspace.id(),
            request.name().trim(),
            request.description(),
            Boolean.TRUE.equals(request.isActive()),
            request.startTemplate(),
            FlowInput.flowData(request),
            FlowInput.timeout(request.settings(), 0),
            1,
            now,
            now,
            null,
            null,
            null);
    return render(persist(workspace, flow, true));
  }

  /**
   * PUT replaces every field; PATCH ({@code partial}) keeps the fields the request leaves out. With
   * {@code expected} (from {@code If-Match} or the body's {@code version}) the write is refused
   * with 409 when the flow's version has moved on since the client read it. A write that loses a
   * race with another one is read and applied again.
   */
  public FlowDetail update(
      Workspace workspace, String id, FlowRequest request, boolean partial, Integer expected) {
    if (!partial && (request.name() == null || request.name().isBlank())) {
      throw ApiException.invalidField("name_required", "name", "name is required");
    }
    FlowInput.checkTexts(request);
    String requestedData =
        partial && request.flowData() == null ? null : FlowInput.flowData(request);
    Stored stored =
        Retries.onConflict(
            () -> {
              FlowDocument current = get(workspace, id);
              if (expected != null && expected != current.version()) {
                throw ApiException.conflict(
                    "version_conflict",
                    "the flow is at version "
                        + current.version()
                        + ", not "
                        + expected
                        + "; read it again and reapply the change");
              }
              FlowDocument next = next(current, request, partial, requestedData);
              return persist(workspace, next, next.version() != current.version());
            });
    return render(stored);
  }

  private FlowDocument next(
      FlowDocument current, FlowRequest request, boolean partial, String requestedData) {
    String flowData = requestedData == null ? current.flowData() : requestedData;
    String startTemplate =
        partial && request.startTemplate() == null
            ? current.startTemplate()
            : request.startTemplate();
    long timeout =
        partial && request.settings() == null
            ? current.replyTimeoutSeconds()
            : FlowInput.timeout(request.settings(), 0);
    boolean graphChanged =
        !flowData.equals(current.flowData())
            || !Objects.equals(startTemplate, current.startTemplate())
            || timeout != current.replyTimeoutSeconds();
    return new FlowDocument(
        current.id(),
        current.workspaceId(),
        partial && request.name() == null ? current.name() : request.name().trim(),
        partial && request.description() == null ? current.description() : request.description(),
        partial && request.isActive() == null
            ? current.isActive()
            : Boolean.TRUE.equals(request.isActive()),
        startTemplate,
        flowData,
        timeout,
        graphChanged ? current.version() + 1 : current.version(),
        current.createdAt(),
        Instant.now(),
        current.nodeKeys(),
        current.edgeKeys(),
        current.revision());
  }

  /**
   * Validates and saves with optimistic locking. Inactive drafts are saved with their problems; an
   * active flow must have no errors. A flow whose {@code version} moved on ({@code newVersion},
   * always true on create) gets its snapshot written after the flow itself, so a write that lost
   * the race never leaves its graph behind under the winner's version number.
   */
  public FlowDocument store(Workspace workspace, FlowDocument flow, boolean newVersion) {
    return persist(workspace, flow, newVersion).flow();
  }

  /** A flow as saved, with the graph and problems its save validated. */
  private record Stored(FlowDocument flow, FlowGraph graph, List<Problem> problems) {}

  private Stored persist(Workspace workspace, FlowDocument flow, boolean newVersion) {
    FlowGraph graph = FlowGraphs.parse(flow.flowData());
    FlowInput.checkLimits(graph, limits);
    List<Problem> problems =
        FlowValidator.validate(
            graph,
            flow.startTemplate(),
            flow.replyTimeoutSeconds(),
            templates.catalog(workspace.id()));
    if (flow.isActive() && problems.stream().anyMatch(Problem::isError)) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_flow",
          "the flow cannot be activated: it has errors",
          problems.stream().filter(Problem::isError).map(FlowService::asMap).toList());
    }
    StartTemplateClaim.refuseShared(flows, flow);
    FlowDocument saved =
        flows.save(
            flow.withKeys(
                FlowGraphs.nodeKeys(flow.id(), graph), FlowGraphs.edgeKeys(flow.id(), graph)));
    if (newVersion) {
      flows.saveVersion(FlowVersionDocument.of(saved));
    }
    return new Stored(saved, graph, problems);
  }

  public ValidationResult validate(Workspace workspace, FlowRequest request) {
    FlowGraph graph = FlowGraphs.parse(FlowInput.flowData(request));
    FlowInput.checkLimits(graph, limits);
    List<Problem> problems =
        FlowValidator.validate(
            graph,
            request.startTemplate(),
            FlowInput.timeout(request.settings(), 0),
            templates.catalog(workspace.id()));
    List<Problem> errors = problems.stream().filter(Problem::isError).toList();
    return new ValidationResult(
        errors.isEmpty(), errors, problems.stream().filter(p -> !p.isError()).toList());
  }

  /**
   * The flow's detail as stored. Parsing, validating and mapping a large graph costs far more than
   * reading the flow's revision, so a detail rendered from the same revision and template catalog
   * is reused; any save of the flow moves its revision.
   */
  public FlowDetail detail(Workspace workspace, String id) {
    long revision =
        flows.revision(workspace.id(), id).orElseThrow(() -> ApiException.notFound("flow"));
    TemplateCatalog catalog = templates.catalog(workspace.id());
    String key = workspace.id() + "/" + id;
    Rendered cached = rendered.get(key);
    if (cached != null && cached.revision() == revision && cached.catalog() == catalog) {
      return cached.detail();
    }
    FlowDocument flow = get(workspace, id);
    FlowDetail detail = render(flow, catalog);
    if (flow.revision() != null) {
      if (rendered.size() >= MAX_RENDERED) {
        rendered.clear();
      }
      rendered.put(key, new Rendered(flow.revision(), catalog, detail));
    }
    return detail;
  }

  private static FlowDetail render(FlowDocument flow, TemplateCatalog catalog) {
    FlowGraph graph = FlowGraphs.parse(flow.flowData());
    return render(
        new Stored(
            flow,
            graph,
            FlowValidator.validate(
                graph, flow.startTemplate(), flow.replyTimeoutSeconds(), catalog)));
  }

  /**
   * The detail of a flow from its graph and problems; after a write, from what was written (its
   * timestamps as written, not as read back) without validating it again.
   */
  private static FlowDetail render(Stored stored) {
    FlowDocument flow = stored.flow();
    FlowGraph graph = stored.graph();
    List<Problem> problems = stored.problems();
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

  static Map<String, Object> asMap(Problem problem) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("code", problem.code());
    map.put("severity", problem.severity());
    map.put("message", problem.message());
    map.put("node_id", problem.nodeId());
    map.put("edge_id", problem.edgeId());
    map.put("field", problem.field());
    return map;
  }
}
