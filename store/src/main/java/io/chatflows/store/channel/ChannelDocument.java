package io.chatflows.store.channel;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A WhatsApp business number of a workspace. {@code accessToken}, {@code appSecret} and {@code
 * verifyToken} are secrets: never returned by the API, never logged.
 *
 * @param mode {@code cloud_api} (sends through the Graph API) or {@code sandbox} (records sends in
 *     the outbox)
 */
@Document("channels")
public record ChannelDocument(
    @Id String id,
    String workspaceId,
    String phoneNumberId,
    String displayPhoneNumber,
    String wabaId,
    String accessToken,
    String appSecret,
    String verifyToken,
    String mode,
    boolean isDefault,
    Instant createdAt) {

  public static final String CLOUD_API = "cloud_api";
  public static final String SANDBOX = "sandbox";

  public boolean sandbox() {
    return SANDBOX.equals(mode);
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "ChannelDocument[id=%s, workspaceId=%s, phoneNumberId=%s, mode=%s, isDefault=%s]"
        .formatted(id, workspaceId, phoneNumberId, mode, isDefault);
  }
}
