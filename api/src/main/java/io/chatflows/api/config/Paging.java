package io.chatflows.api.config;

import io.chatflows.workflows.graph.Limits;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The page a list request asks for: {@code ?page=} (from 1) and {@code ?page_size=} (1 to {@link
 * ApiLimits#maxPageSize}, 20 when absent), checked. Every list endpoint takes it as a parameter
 * ({@link Resolver} fills it in) and answers with {@link #answer}, whose {@code next} and {@code
 * previous} links are the request's own URL with another {@code page}.
 */
public record Paging(int page, int pageSize, HttpServletRequest request) {

  public static final String PAGE = "page";
  public static final String PAGE_SIZE = "page_size";
  public static final int DEFAULT_PAGE_SIZE = 20;

  /** How many items the pages before this one hold. */
  public long offset() {
    return (long) (page - 1) * pageSize;
  }

  /** This page's answer: its {@code results} out of {@code count} items in all. */
  public <T> PageResponse<T> answer(List<T> results, long count) {
    String next = offset() + results.size() < count ? link(page + 1) : null;
    String previous = page > 1 ? link(page - 1) : null;
    return new PageResponse<>(count, next, previous, results);
  }

  private String link(int other) {
    return ServletUriComponentsBuilder.fromRequest(request)
        .replaceQueryParam(PAGE, other)
        .build()
        .toUriString();
  }

  /** Reads and checks the paging parameters of list requests. */
  public static final class Resolver implements HandlerMethodArgumentResolver {

    private final ApiLimits limits;

    public Resolver(ApiLimits limits) {
      this.limits = limits;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType().equals(Paging.class);
    }

    @Override
    public Paging resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer mavContainer,
        NativeWebRequest webRequest,
        WebDataBinderFactory binderFactory) {
      int page = integer(webRequest, PAGE, 1);
      int size = integer(webRequest, PAGE_SIZE, DEFAULT_PAGE_SIZE);
      if (!Limits.PAGE.contains(page)) {
        throw ApiException.invalidField(
            "invalid_page", PAGE, "page must be between 1 and " + Limits.PAGE.max());
      }
      if (size < 1 || size > limits.maxPageSize()) {
        throw ApiException.invalidField(
            "invalid_page_size",
            PAGE_SIZE,
            "page_size must be between 1 and " + limits.maxPageSize());
      }
      return new Paging(page, size, webRequest.getNativeRequest(HttpServletRequest.class));
    }

    /** The parameter as an int; absent or empty is the default, like an optional request param. */
    private static int integer(NativeWebRequest request, String name, int fallback) {
      String value = request.getParameter(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw ApiException.invalidField(
            "invalid_parameter",
            name,
            "parameter '" + name + "' has the wrong type or is out of range");
      }
    }
  }
}
