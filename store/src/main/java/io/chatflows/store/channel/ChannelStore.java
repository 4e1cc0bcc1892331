package io.chatflows.store.channel;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.chatflows.store.cache.LookupCache;
import io.chatflows.store.crypto.Keyring;
import io.chatflows.store.index.IndexedStore;
import io.chatflows.store.index.StoreIndex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Channels by workspace, and by {@code phone_number_id} for routing webhooks. The access token, app
 * secret and verify token are encrypted at rest with the keyring's active key ({@code enc:v1:<key
 * id>:…}); callers only ever see plain values. The lookup by {@code phone_number_id}, made for
 * every webhook and every send, goes through a {@link LookupCache}.
 */
@Component
public class ChannelStore implements IndexedStore {

  private final MongoTemplate mongo;
  private final Keyring keyring;
  private final LookupCache<String, ChannelDocument> byPhoneNumberId;

  public ChannelStore(
      MongoTemplate mongo,
      Keyring keyring,
      @Value("${chatflow.lookup-cache-ttl:5s}") Duration cacheTtl) {
    this.mongo = mongo;
    this.keyring = keyring;
    this.byPhoneNumberId = new LookupCache<>(cacheTtl);
  }

  /** A number is one channel in the whole service: webhooks are routed by it. */
  @Override
  public List<StoreIndex> indexes() {
    return List.of(StoreIndex.unique(ChannelDocument.class, "phoneNumberId"));
  }

  /** The channel a webhook's {@code metadata.phone_number_id} names, in whatever workspace. */
  public Optional<ChannelDocument> byPhoneNumberId(String phoneNumberId) {
    return byPhoneNumberId.get(
        phoneNumberId,
        id ->
            Optional.ofNullable(
                    mongo.findOne(query(where("phoneNumberId").is(id)), ChannelDocument.class))
                .map(this::open));
  }

  /**
   * The workspace that has a channel with this {@code phone_number_id}, read from the database (not
   * the lookup cache): who may connect a number is decided on the current state.
   */
  public Optional<String> workspaceOf(String phoneNumberId) {
    return Optional.ofNullable(
            mongo.findOne(query(where("phoneNumberId").is(phoneNumberId)), ChannelDocument.class))
        .map(ChannelDocument::workspaceId);
  }

  /**
   * Whether any channel has this webhook verify token. Tokens are stored encrypted with random
   * nonces, so they are compared after decryption (the handshake is rare and channels are few).
   */
  public boolean anyWithVerifyToken(String verifyToken) {
    return mongo.findAll(ChannelDocument.class).stream()
        .map(this::open)
        .anyMatch(
            c ->
                c.verifyToken() != null
                    && MessageDigest.isEqual(
                        c.verifyToken().getBytes(StandardCharsets.UTF_8),
                        verifyToken.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The channels of a WhatsApp Business Account, in whatever workspace (template webhooks name the
   * account, not a number).
   */
  public List<ChannelDocument> byWabaId(String wabaId) {
    return mongo.find(query(where("wabaId").is(wabaId)), ChannelDocument.class).stream()
        .map(this::open)
        .toList();
  }

  /** Every channel that names its business account, oldest first, for the scheduled sync. */
  public List<ChannelDocument> withWabaId() {
    return mongo
        .find(query(where("wabaId").ne(null)).with(Sort.by("createdAt")), ChannelDocument.class)
        .stream()
        .map(this::open)
        .toList();
  }

  public Optional<ChannelDocument> find(String workspaceId, String phoneNumberId) {
    return byPhoneNumberId(phoneNumberId).filter(c -> c.workspaceId().equals(workspaceId));
  }

  public Optional<ChannelDocument> findById(String workspaceId, String id) {
    return Optional.ofNullable(mongo.findById(id, ChannelDocument.class))
        .filter(c -> workspaceId.equals(c.workspaceId()))
        .map(this::open);
  }

  /** The workspace's default channel, else its oldest. */
  public Optional<ChannelDocument> defaultChannel(String workspaceId) {
    return list(workspaceId).stream()
        .sorted((a, b) -> Boolean.compare(b.isDefault(), a.isDefault()))
        .findFirst();
  }

  public List<ChannelDocument> list(String workspaceId) {
    return mongo
        .find(
            query(where("workspaceId").is(workspaceId)).with(Sort.by("createdAt")),
            ChannelDocument.class)
        .stream()
        .map(this::open)
        .toList();
  }

  /**
   * Inserts or replaces; a {@code phone_number_id} used by another channel raises a duplicate key.
   */
  public ChannelDocument save(ChannelDocument channel) {
    byPhoneNumberId.clearAfter(() -> mongo.save(seal(channel)));
    return channel;
  }

  private ChannelDocument seal(ChannelDocument c) {
    return withSecrets(
        c,
        keyring.seal(c.accessToken()),
        keyring.seal(c.appSecret()),
        keyring.seal(c.verifyToken()));
  }

  private ChannelDocument open(ChannelDocument c) {
    return withSecrets(
        c,
        keyring.open(c.accessToken()),
        keyring.open(c.appSecret()),
        keyring.open(c.verifyToken()));
  }

  private static ChannelDocument withSecrets(
      ChannelDocument c, String accessToken, String appSecret, String verifyToken) {
    return new ChannelDocument(
        c.id(),
        c.workspaceId(),
        c.phoneNumberId(),
        c.displayPhoneNumber(),
        c.wabaId(),
        accessToken,
        appSecret,
        verifyToken,
        c.mode(),
        c.isDefault(),
        c.createdAt());
  }

  /** Makes {@code id} the workspace's only default channel (two single-document updates). */
  public void makeDefault(String workspaceId, String id) {
    byPhoneNumberId.clearAfter(
        () -> {
          mongo.updateFirst(
              query(where("_id").is(id).and("workspaceId").is(workspaceId)),
              new Update().set("isDefault", true),
              ChannelDocument.class);
          return mongo.updateMulti(
              query(
                  where("workspaceId").is(workspaceId).and("_id").ne(id).and("isDefault").is(true)),
              new Update().set("isDefault", false),
              ChannelDocument.class);
        });
  }

  public boolean delete(String workspaceId, String id) {
    return byPhoneNumberId.clearAfter(
        () ->
            mongo
                    .remove(
                        query(where("_id").is(id).and("workspaceId").is(workspaceId)),
                        ChannelDocument.class)
                    .getDeletedCount()
                > 0);
  }
}
