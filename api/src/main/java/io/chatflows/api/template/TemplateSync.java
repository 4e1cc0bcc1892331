package io.chatflows.api.template;

import io.chatflows.store.channel.ChannelDocument;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Imports a workspace's templates from the WhatsApp Business Accounts of its channels. Each listed
 * template is upserted by name and language: a new one is created, a stored one keeps its id (flows
 * name it) and takes WhatsApp's components, category, status and quality. A template imported from
 * the account earlier and no longer listed is marked {@code DELETED}, never removed, so flows that
 * use it keep opening and are flagged. Every account is read in full before anything is stored; a
 * sync that stores the same answer again changes nothing (idempotent).
 */
@Service
public class TemplateSync {

  /** Status given to a template no longer listed by its business account. */
  static final String DELETED = "DELETED";

  private final TemplateStore templates;
  private final TemplateGraphClient graph;

  TemplateSync(TemplateStore templates, TemplateGraphClient graph) {
    this.templates = templates;
    this.graph = graph;
  }

  /** What one business account's sync did. */
  public record AccountSync(
      String channel,
      String wabaId,
      int pages,
      int created,
      int updated,
      int unchanged,
      int deleted,
      int skipped) {}

  /**
   * Syncs the accounts of these channels of one workspace (each account once, through the first
   * {@link #syncable} channel naming it; the others are left out). Every account is read before any
   * is stored.
   */
  public List<AccountSync> sync(String workspaceId, List<ChannelDocument> channels) {
    Map<String, ChannelDocument> byAccount = new LinkedHashMap<>();
    for (ChannelDocument channel : channels) {
      if (syncable(channel)) {
        byAccount.putIfAbsent(channel.wabaId(), channel);
      }
    }
    Map<String, TemplateGraphClient.Listing> listings = new LinkedHashMap<>();
    byAccount.forEach(
        (wabaId, channel) -> listings.put(wabaId, graph.list(wabaId, channel.accessToken())));
    List<AccountSync> results = new ArrayList<>();
    // Whole seconds, as WhatsApp times its webhooks: a report of the same second is applied.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    listings.forEach(
        (wabaId, listing) ->
            results.add(
                store(workspaceId, byAccount.get(wabaId).phoneNumberId(), wabaId, listing, now)));
    return results;
  }

  /**
   * Whether a channel's business account can be read: a {@code cloud_api} channel with a {@code
   * waba_id} and an access token (a sandbox channel never talks to WhatsApp).
   */
  static boolean syncable(ChannelDocument channel) {
    return !channel.sandbox() && channel.wabaId() != null && channel.accessToken() != null;
  }

  private AccountSync store(
      String workspaceId,
      String channel,
      String wabaId,
      TemplateGraphClient.Listing listing,
      Instant now) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    Set<String> listed = new HashSet<>();
    for (TemplateListPage.Listed t : listing.templates()) {
      if (!listed.add(t.name() + "\u0000" + t.language())) {
        continue;
      }
      switch (upsert(workspaceId, wabaId, t, now)) {
        case CREATED -> created++;
        case UPDATED -> updated++;
        case UNCHANGED -> unchanged++;
      }
    }
    int deleted = 0;
    for (TemplateDocument gone : templates.ofAccount(workspaceId, wabaId)) {
      if (!listed.contains(gone.name() + "\u0000" + gone.language())
          && !DELETED.equals(gone.status())) {
        templates.save(withStatus(gone, DELETED, "no longer listed by the business account", now));
        deleted++;
      }
    }
    return new AccountSync(
        channel, wabaId, listing.pages(), created, updated, unchanged, deleted, listing.skipped());
  }

  private enum Upserted {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  private Upserted upsert(
      String workspaceId, String wabaId, TemplateListPage.Listed t, Instant now) {
    var existing = templates.byNameAndLanguage(workspaceId, t.name(), t.language());
    if (existing.isEmpty()) {
      try {
        templates.save(
            new TemplateDocument(
                UUID.randomUUID().toString(),
                workspaceId,
                t.name(),
                t.language(),
                t.category(),
                t.components(),
                now,
                now,
                t.whatsappId(),
                wabaId,
                t.status(),
                t.qualityScore(),
                t.reason(),
                now,
                t.qualityScore() == null ? null : now,
                now));
        return Upserted.CREATED;
      } catch (DuplicateKeyException raced) {
        existing = templates.byNameAndLanguage(workspaceId, t.name(), t.language());
        if (existing.isEmpty()) {
          throw raced;
        }
      }
    }
    TemplateDocument e = existing.get();
    String quality = t.qualityScore() != null ? t.qualityScore() : e.qualityScore();
    // The fresh value first: stored maps may be read back as BSON documents, which only equal
    // documents, while a plain map equals any map with the same entries.
    if (Objects.equals(t.components(), e.components())
        && Objects.equals(t.category(), e.category())
        && Objects.equals(t.status(), e.status())
        && Objects.equals(t.reason(), e.reason())
        && Objects.equals(t.whatsappId(), e.whatsappId())
        && Objects.equals(wabaId, e.wabaId())
        && Objects.equals(quality, e.qualityScore())) {
      return Upserted.UNCHANGED;
    }
    templates.save(
        new TemplateDocument(
            e.id(),
            workspaceId,
            e.name(),
            e.language(),
            t.category(),
            t.components(),
            e.createdAt(),
            now,
            t.whatsappId(),
            wabaId,
            t.status(),
            quality,
            t.reason(),
            now,
            Objects.equals(quality, e.qualityScore()) ? e.qualityAt() : now,
            now));
    return Upserted.UPDATED;
  }

  private static TemplateDocument withStatus(
      TemplateDocument t, String status, String reason, Instant now) {
    return new TemplateDocument(
        t.id(),
        t.workspaceId(),
        t.name(),
        t.language(),
        t.category(),
        t.components(),
        t.createdAt(),
        now,
        t.whatsappId(),
        t.wabaId(),
        status,
        t.qualityScore(),
        reason,
        now,
        t.qualityAt(),
        now);
  }
}
