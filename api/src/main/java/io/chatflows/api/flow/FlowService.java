package io.chatflows.api.flow;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.config.ApiLimits;
import io.chatflows.api.flow.FlowPayloads.EdgeView;
import io.chatflows.api.flow.FlowPayloads.FlowDetail;
import io.chatflows.api.flow.FlowPayloads.FlowRequest;
import io.chatflows.api.flow.FlowPayloads.NodeView;
import io.chatflows.api.flow.FlowPayloads.Settings;
import io.chatflows.api.flow.FlowPayloads.ValidationResult;
import io.chatflows.api.security.Callers;
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

/**
 * Creates, changes, validates and publishes flows. Every change to the graph changes the flow's
 * draft and makes a new version of it; new conversations start on the published version.
 */
@Service
public class FlowService {

  private static final int MAX_RENDERED = 64;

  private final FlowStore flows;
  private final TemplateStore templates;
  private final ApiLimits limits;
  private final Callers callers;

  /**
   * Details of recently read flows by workspace and flow id, with the revision and the template
   * catalog they were rendered from: a GET reads only the flow's revision while both are unchanged.
   */
  private final ConcurrentHashMap<String, Rendered> rendered = new ConcurrentHashMap<>();

  private record Rendered(long revision, TemplateCatalog catalog, FlowDetail detail) {}

  public FlowService(FlowStore flows, TemplateStore templates, ApiLimits limits, Callers callers) {
    this.flows = flows;
    this.templates = templates;
    this.limits = limits;
    this.callers = callers;
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
    boolean active = Boolean.TRUE.equals(request.isActive());
    FlowDocument flow =
        new FlowDocument(
            UUID.randomUUID().toString(),
            workspace.id(),
            request.name().trim(),
            request.description(),
            active,
            request.startTemplate(),
            FlowInput.flowData(request),
            FlowInput.timeout(request.settings(), 0),
            1,
            now,
            now,
            null,
            null,
            active ? 1 : null,
            callers.current(),
            null);
    return render(persist(workspace, null, flow, null));
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
              checkExpected(current, expected);
              return persist(
                  workspace, current, next(current, request, partial, requestedData), null);
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
    boolean active =
        partial && request.isActive() == null
            ? current.isActive()
            : Boolean.TRUE.equals(request.isActive());
    int version = graphChanged ? current.version() + 1 : current.version();
    // Activating a flow that was never published publishes its draft, as activating always did.
    Integer live = current.startVersion();
    Integer published = live != null ? live : active ? Integer.valueOf(version) : null;
    return new FlowDocument(
        current.id(),
        current.workspaceId(),
        partial && request.name() == null ? current.name() : request.name().trim(),
        partial && request.description() == null ? current.description() : request.description(),
        active,
        startTemplate,
        flowData,
        timeout,
        version,
        current.createdAt(),
        Instant.now(),
        current.nodeKeys(),
        current.edgeKeys(),
        published,
        callers.current(),
        current.revision());
  }

  /**
   * Publishes the draft: new conversations start on it. Refused with 400 {@code invalid_flow} while
   * the draft has errors; a draft already published is answered as it is, nothing changes. With
   * {@code expected} (If-Match) the draft must still be at that version.
   */
  public FlowDocument publish(Workspace workspace, String id, Integer expected) {
    return Retries.onConflict(
            () -> {
              FlowDocument current = get(workspace, id);
              checkExpected(current, expected);
              if (Objects.equals(current.startVersion(), current.version())) {
                return new Stored(current, null, List.of());
              }
              return persist(workspace, current, current.published(), null);
            })
        .flow();
  }

  /**
   * Rolls back to an earlier version: its graph and settings become the draft's next version, which
   * is published at once. History only grows; the versions in between stay readable.
   */
  public FlowDocument rollback(Workspace workspace, String id, int target, Integer expected) {
    return Retries.onConflict(
            () -> {
              FlowDocument current = get(workspace, id);
              checkExpected(current, expected);
              FlowVersionDocument earlier =
                  flows
                      .version(workspace.id(), id, target)
                      .filter(v -> v.version() <= current.version())
                      .orElseThrow(() -> ApiException.notFound("version"));
              if (target == current.version()
                  && Objects.equals(current.startVersion(), current.version())) {
                return new Stored(current, null, List.of());
              }
              return persist(
                  workspace, current, current.rolledBackTo(earlier, callers.current()), target);
            })
        .flow();
  }

  private static void checkExpected(FlowDocument current, Integer expected) {
    if (expected != null && expected != current.version()) {
      throw ApiException.conflict(
          "version_conflict",
          "the flow is at version "
              + current.version()
              + ", not "
              + expected
              + "; read it again and reapply the change");
    }
  }

  /**
   * Saves {@code next}, a change of the graph of {@code previous}, as the draft's next version with
   * the caller as its author; for the node and edge resources.
   */
  FlowDocument store(Workspace workspace, FlowDocument previous, String flowData) {
    return persist(workspace, previous, previous.withGraph(flowData, callers.current()), null)
        .flow();
  }

  /** A flow as saved, with the graph and problems its save validated. */
  private record Stored(FlowDocument flow, FlowGraph graph, List<Problem> problems) {}

  /**
   * Validates and saves with optimistic locking. A draft is saved with its problems; a save that
   * publishes a version (activating a never published flow, publish, rollback) is refused while it
   * has errors. A save that moved the draft's {@code version} (always on create, {@code previous}
   * is then {@code null}) writes its snapshot after the flow itself, with what it changed, so a
   * write that lost the race never leaves its graph behind under the winner's version number.
   */
  private Stored persist(
      Workspace workspace, FlowDocument previous, FlowDocument flow, Integer rolledBackFrom) {
    FlowGraph graph = FlowGraphs.parse(flow.flowData());
    FlowInput.checkLimits(graph, limits);
    List<Problem> problems =
        FlowValidator.validate(
            graph,
            flow.startTemplate(),
            flow.replyTimeoutSeconds(),
            templates.catalog(workspace.id()));
    boolean publishes =
        flow.publishedVersion() != null
            && (previous == null
                || !Objects.equals(previous.startVersion(), flow.publishedVersion()));
    if (publishes && problems.stream().anyMatch(Problem::isError)) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_flow",
          "the flow cannot be "
              + (previous != null && !previous.isActive() && flow.isActive() || previous == null
                  ? "activated"
                  : "published")
              + ": it has errors",
          problems.stream().filter(Problem::isError).map(FlowService::asMap).toList());
    }
    StartTemplateClaim.refuseShared(flows, flow);
    FlowDocument saved =
        flows.save(
            flow.withKeys(
                FlowGraphs.nodeKeys(flow.id(), graph), FlowGraphs.edgeKeys(flow.id(), graph)));
    if (previous == null || previous.version() != saved.version()) {
      VersionSummary summary =
          previous == null
              ? VersionSummary.first(graph)
              : VersionSummary.between(
                  FlowGraphs.parse(previous.flowData()),
                  graph,
                  !Objects.equals(previous.startTemplate(), saved.startTemplate())
                      || previous.replyTimeoutSeconds() != saved.replyTimeoutSeconds());
      flows.saveVersion(FlowVersionDocument.of(saved, saved.updatedBy(), summary, rolledBackFrom));
    } else if (publishes) {
      flows.markPublished(saved.workspaceId(), saved.id(), saved.version(), callers.current());
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
        problems.stream().filter(p -> !p.isError()).toList(),
        flow.startVersion(),
        FlowPayloads.unpublishedDraft(flow),
        flow.updatedBy());
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
