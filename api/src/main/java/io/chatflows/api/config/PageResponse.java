package io.chatflows.api.config;

import java.util.List;

/** A DRF-style page: {@code count}, {@code next}, {@code previous}, {@code results}. */
public record PageResponse<T>(long count, String next, String previous, List<T> results) {}
