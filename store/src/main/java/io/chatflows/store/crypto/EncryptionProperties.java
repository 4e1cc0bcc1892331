package io.chatflows.store.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keyring that encrypts Temporal payloads and channel secrets at rest.
 *
 * @param keys key id → base64 AES key (16, 24 or 32 bytes), e.g. {@code
 *     CHATFLOW_ENCRYPTION_KEYS_K1}
 * @param activeKey the id of the key new data is encrypted with ({@code
 *     CHATFLOW_ENCRYPTION_ACTIVE_KEY}); older keys stay for decryption, which is how keys rotate
 */
@ConfigurationProperties("chatflow.encryption")
public record EncryptionProperties(Map<String, String> keys, String activeKey) {

  public EncryptionProperties {
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }
}
