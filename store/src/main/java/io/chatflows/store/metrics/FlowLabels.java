package io.chatflows.store.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The {@code flow} label of per-flow meters: the flow id for the first {@code
 * chatflow.metrics.max-flows} flows a process meets ({@code CHATFLOW_METRICS_MAX_FLOWS}, default
 * 200), {@code other} for every flow after that, {@code unknown} when the flow is not known (work
 * scheduled by a version that did not pass it). The cap bounds the number of series a very large
 * workspace can create; it is per process, so an api and a worker may admit different flows.
 */
@Component
public class FlowLabels {

  public static final String OTHER = "other";
  public static final String UNKNOWN = "unknown";

  private final int maxFlows;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  public FlowLabels(@Value("${chatflow.metrics.max-flows:200}") int maxFlows) {
    this.maxFlows = Math.max(0, maxFlows);
  }

  /** The label value for {@code flowId}, admitting it while there is room. */
  public String of(String flowId) {
    if (flowId == null || flowId.isBlank()) {
      return UNKNOWN;
    }
    if (admitted.contains(flowId)) {
      return flowId;
    }
    synchronized (admitted) {
      if (admitted.contains(flowId) || admitted.size() < maxFlows) {
        admitted.add(flowId);
        return flowId;
      }
    }
    return OTHER;
  }
}
