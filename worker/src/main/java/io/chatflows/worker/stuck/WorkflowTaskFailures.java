package io.chatflows.worker.stuck;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * Sees every failed workflow task of this worker and hands it to {@link StuckConversations}.
 *
 * <p>The Temporal SDK offers no hook for a failed workflow task: an interceptor sees exceptions the
 * workflow code throws, but not non-determinism or payload conversion failures. The one place every
 * failure passes, with its workflow id and exception, is the SDK's warning "Workflow task
 * processing failure" ({@code ReplayWorkflowTaskHandler}), which it writes on every attempt, with a
 * second "uncaught exception" error from the poller on every attempt after the first. This filter
 * takes both: the first becomes a recorded failure, and neither is written; {@link
 * StuckConversations} logs the failure once per conversation instead. Should an SDK upgrade change
 * the message, the filter matches nothing and the SDK's own lines come back ({@code
 * StuckConversationTest} fails).
 */
@Component
class WorkflowTaskFailures extends TurboFilter {

  static final String HANDLER_LOGGER = "io.temporal.internal.replay.ReplayWorkflowTaskHandler";
  static final String HANDLER_MESSAGE = "Workflow task processing failure.";
  static final String POLLER_LOGGER = "io.temporal.internal.worker.PollerOptions";
  static final String POLLER_FAILURE = "Failure processing workflow task.";

  private final StuckConversations stuck;

  WorkflowTaskFailures(StuckConversations stuck) {
    this.stuck = stuck;
  }

  @PostConstruct
  void install() {
    context().ifPresent(c -> c.addTurboFilter(this));
    start();
  }

  @PreDestroy
  void uninstall() {
    context().ifPresent(c -> c.getTurboFilterList().remove(this));
    stop();
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    if (logger.getName().equals(HANDLER_LOGGER) && format.startsWith(HANDLER_MESSAGE)) {
      return failed(params, t) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
    if (logger.getName().equals(POLLER_LOGGER)
        && t != null
        && t.getMessage() != null
        && t.getMessage().startsWith(POLLER_FAILURE)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  /** Format arguments: started event id, workflow id, run id, then the exception. */
  private boolean failed(Object[] params, Throwable t) {
    if (params == null || params.length < 3 || !(params[1] instanceof String workflowId)) {
      return false;
    }
    Throwable failure = t;
    if (failure == null && params[params.length - 1] instanceof Throwable last) {
      failure = last;
    }
    return stuck.taskFailed(workflowId, String.valueOf(params[2]), failure);
  }

  private static java.util.Optional<LoggerContext> context() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext context
        ? java.util.Optional.of(context)
        : java.util.Optional.empty();
  }
}
