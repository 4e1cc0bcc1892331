package io.chatflows.api.webhook;

import io.chatflows.api.security.Workspace;
import io.chatflows.api.security.Workspaces;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The channel and workspace a webhook's {@code phone_number_id} belongs to. Every delivery needs
 * both and they change rarely, so a found pair is kept for {@link #TTL}: a changed app secret or a
 * deleted channel applies to webhooks within that time. Unknown numbers are not cached.
 */
@Component
class WebhookChannels {

  static final Duration TTL = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 10_000;

  record Resolved(ChannelDocument channel, Workspace workspace) {}

  private record Entry(Resolved resolved, long expiresAtNanos) {}

  private final ChannelStore channels;
  private final Workspaces workspaces;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  WebhookChannels(ChannelStore channels, Workspaces workspaces) {
    this.channels = channels;
    this.workspaces = workspaces;
  }

  Optional<Resolved> resolve(String phoneNumberId) {
    if (phoneNumberId == null) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    Entry cached = cache.get(phoneNumberId);
    if (cached != null && cached.expiresAtNanos() - now > 0) {
      return Optional.of(cached.resolved());
    }
    Optional<Resolved> found =
        channels
            .byPhoneNumberId(phoneNumberId)
            .flatMap(c -> workspaces.find(c.workspaceId()).map(w -> new Resolved(c, w)));
    if (found.isPresent()) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(phoneNumberId, new Entry(found.get(), now + TTL.toNanos()));
    } else {
      cache.remove(phoneNumberId);
    }
    return found;
  }
}
