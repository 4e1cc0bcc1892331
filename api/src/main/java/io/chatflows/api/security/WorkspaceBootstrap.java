package io.chatflows.api.security;

import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the default workspace, its token and its channel at start-up. Idempotent: replicas and
 * restarts converge on the same documents.
 */
@Component
public class WorkspaceBootstrap implements ApplicationRunner {

  public static final String DEFAULT_WORKSPACE = "default";
  private static final Logger log = LoggerFactory.getLogger(WorkspaceBootstrap.class);

  private final Workspaces workspaces;
  private final ChannelStore channels;
  private final BootstrapProperties properties;

  public WorkspaceBootstrap(
      Workspaces workspaces, ChannelStore channels, BootstrapProperties properties) {
    this.workspaces = workspaces;
    this.channels = channels;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    boolean created = workspaces.createIfAbsent(DEFAULT_WORKSPACE, "Default workspace");
    if (properties.token() != null && !properties.token().isBlank()) {
      workspaces.addToken(DEFAULT_WORKSPACE, properties.token(), "bootstrap");
    } else if (created) {
      String token = Tokens.generate();
      workspaces.addToken(DEFAULT_WORKSPACE, token, "generated");
      log.warn("Created the default workspace. Its API token (shown only once): {}", token);
    }
    ensureDefaultChannel();
  }

  private void ensureDefaultChannel() {
    BootstrapProperties.Channel wanted = properties.channel();
    String phoneNumberId = orElse(wanted.phoneNumberId(), "100000000000001");
    Optional<ChannelDocument> existing = channels.byPhoneNumberId(phoneNumberId);
    if (existing.isPresent() && !existing.get().workspaceId().equals(DEFAULT_WORKSPACE)) {
      log.warn("Bootstrap channel {} belongs to another workspace; left alone", phoneNumberId);
      return;
    }
    String id = existing.map(ChannelDocument::id).orElse("default-" + phoneNumberId);
    channels.save(
        new ChannelDocument(
            id,
            DEFAULT_WORKSPACE,
            phoneNumberId,
            orElse(
                wanted.displayPhoneNumber(),
                existing.map(ChannelDocument::displayPhoneNumber).orElse("15550000001")),
            orElse(wanted.wabaId(), existing.map(ChannelDocument::wabaId).orElse(null)),
            orElse(
                wanted.accessToken(), existing.map(ChannelDocument::accessToken).orElse("sandbox")),
            orElse(
                wanted.appSecret(),
                existing.map(ChannelDocument::appSecret).orElseGet(Tokens::generate)),
            orElse(
                wanted.verifyToken(),
                existing.map(ChannelDocument::verifyToken).orElseGet(Tokens::generate)),
            mode(wanted.mode(), existing),
            existing
                .map(ChannelDocument::isDefault)
                .orElseGet(
                    () ->
                        channels.list(DEFAULT_WORKSPACE).stream()
                            .noneMatch(ChannelDocument::isDefault)),
            existing.map(ChannelDocument::createdAt).orElse(Instant.now())));
  }

  /** The configured mode, else the one the channel has (it may have been changed by the API). */
  private static String mode(String wanted, Optional<ChannelDocument> existing) {
    String mode =
        orElse(wanted, existing.map(ChannelDocument::mode).orElse(ChannelDocument.SANDBOX));
    if (!ChannelDocument.SANDBOX.equals(mode) && !ChannelDocument.CLOUD_API.equals(mode)) {
      throw new IllegalStateException(
          "chatflow.bootstrap.channel.mode must be cloud_api or sandbox, not " + mode);
    }
    return mode;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
