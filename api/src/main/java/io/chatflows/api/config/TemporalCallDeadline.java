package io.chatflows.api.config;

import io.grpc.Context;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Temporal that accepts connections and then never answers must not hold an API request for the
 * SDK's retries (a minute and more): every Temporal call of a request to {@code /chat-flow/} runs
 * under one deadline, {@code chatflow.api.temporal-timeout} ({@code CHATFLOW_API_TEMPORAL_TIMEOUT},
 * default 10 s), after which the call fails and the request is answered 503. Webhook deliveries
 * have their own deadline per event ({@code CHATFLOW_BRIDGE_HANDOVER_TIMEOUT}).
 */
@Component
class TemporalCallDeadline extends OncePerRequestFilter implements DisposableBean {

  private final Duration timeout;
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "api-temporal-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  TemporalCallDeadline(@Value("${chatflow.api.temporal-timeout:10s}") Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/chat-flow/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Context.CancellableContext deadline =
        Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, deadlines);
    Context previous = deadline.attach();
    try {
      chain.doFilter(request, response);
    } finally {
      deadline.detach(previous);
      deadline.cancel(null);
    }
  }

  @Override
  public void destroy() {
    deadlines.shutdownNow();
  }
}
