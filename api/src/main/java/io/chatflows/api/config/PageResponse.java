package io.chatflows.api.config;

import io.chatflows.workflows.graph.Limits;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A DRF-style page: {@code count}, {@code next}, {@code previous}, {@code results}. */
public record PageResponse<T>(long count, String next, String previous, List<T> results) {

  /** A validated {@code page}/{@code page_size} pair. */
  public record Paging(int page, int pageSize) {
    public long offset() {
      return (long) (page - 1) * pageSize;
    }
  }

  public static Paging paging(Integer page, Integer pageSize, ApiLimits limits) {
    int p = page == null ? 1 : page;
    int size = pageSize == null ? 20 : pageSize;
    if (!Limits.PAGE.contains(p)) {
      throw ApiException.invalidField(
          "invalid_page", "page", "page must be between 1 and " + Limits.PAGE.max());
    }
    if (size < 1 || size > limits.maxPageSize()) {
      throw ApiException.invalidField(
          "invalid_page_size",
          "page_size",
          "page_size must be between 1 and " + limits.maxPageSize());
    }
    return new Paging(p, size);
  }

  public static <T> PageResponse<T> of(
      List<T> results, long count, Paging paging, HttpServletRequest request) {
    String next =
        paging.offset() + results.size() < count ? link(request, paging.page() + 1) : null;
    String previous = paging.page() > 1 ? link(request, paging.page() - 1) : null;
    return new PageResponse<>(count, next, previous, results);
  }

  private static String link(HttpServletRequest request, int page) {
    return ServletUriComponentsBuilder.fromRequest(request)
        .replaceQueryParam("page", page)
        .build()
        .toUriString();
  }
}
