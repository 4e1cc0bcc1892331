package io.chatflows.store.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Remembers what a lookup found for a short time: for lookups every request makes (the channel of a
 * webhook's {@code phone_number_id}, a workspace, a bearer token) of things that rarely change.
 * Only found values are kept, so something created elsewhere is seen at once; a change or removal
 * made in this process clears the cache, one made by another process is seen after at most the time
 * to live ({@code chatflow.lookup-cache-ttl}, 0 turns caching off).
 */
public final class LookupCache<K, V> {

  private static final int MAX_ENTRIES = 10_000;

  private record Entry<V>(V value, long expiresAt) {}

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;

  public LookupCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  /** The cached value of {@code key}, else what {@code lookup} finds (kept when present). */
  public Optional<V> get(K key, Function<K, Optional<V>> lookup) {
    long now = System.nanoTime();
    Entry<V> cached = entries.get(key);
    if (cached != null && now - cached.expiresAt() < 0) {
      return Optional.of(cached.value());
    }
    Optional<V> found = lookup.apply(key);
    if (ttlNanos > 0 && found.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(key, new Entry<>(found.get(), now + ttlNanos));
    } else if (cached != null) {
      entries.remove(key, cached);
    }
    return found;
  }

  /** Forgets everything, after a change made in this process. */
  public void clear() {
    entries.clear();
  }

  /**
   * Makes a change and then forgets everything, also when the change failed part-way: clearing
   * after the write means a lookup racing the change cannot keep the old value.
   */
  public <T> T clearAfter(Supplier<T> change) {
    try {
      return change.get();
    } finally {
      entries.clear();
    }
  }
}
