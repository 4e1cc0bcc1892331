package io.chatflows.store.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a random 96-bit nonce per message and named keys: the active key encrypts, every
 * configured key decrypts. Output is {@code nonce || ciphertext+tag}; the key id travels beside it.
 */
public final class Keyring {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SecretKey> keys;
  private final String activeKey;

  public Keyring(EncryptionProperties properties) {
    if (properties.keys().isEmpty()) {
      throw new IllegalStateException(
          "no encryption key configured: set CHATFLOW_ENCRYPTION_KEYS_<ID> (base64 AES key) and"
              + " CHATFLOW_ENCRYPTION_ACTIVE_KEY=<ID>");
    }
    Map<String, SecretKey> parsed = new HashMap<>();
    properties.keys().forEach((id, base64) -> parsed.put(id, parse(id, base64)));
    this.keys = Map.copyOf(parsed);
    this.activeKey =
        properties.activeKey() != null
            ? properties.activeKey()
            : properties.keys().keySet().stream().sorted().reduce((a, b) -> b).orElseThrow();
    if (!keys.containsKey(activeKey)) {
      throw new IllegalStateException(
          "the active encryption key " + activeKey + " is not configured");
    }
  }

  private static SecretKey parse(String id, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("encryption key " + id + " is not base64");
    }
    if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
      throw new IllegalStateException("encryption key " + id + " must be 16, 24 or 32 bytes");
    }
    return new SecretKeySpec(bytes, "AES");
  }

  /** A new random 256-bit key, base64. */
  public static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  public String activeKey() {
    return activeKey;
  }

  public boolean hasKey(String keyId) {
    return keys.containsKey(keyId);
  }

  public byte[] encrypt(byte[] plain, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  public byte[] decrypt(String keyId, byte[] sealed, byte[] associatedData) {
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new IllegalStateException("unknown encryption key " + keyId);
    }
    if (sealed.length < NONCE_BYTES) {
      throw new IllegalStateException("ciphertext too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("decryption failed (wrong key or tampered data)", e);
    }
  }

  /** Encrypts a short secret for storage: {@code enc:v1:<key id>:<base64>}. */
  public String seal(String secret) {
    if (secret == null) {
      return null;
    }
    byte[] sealed = encrypt(secret.getBytes(StandardCharsets.UTF_8), PREFIX_BYTES);
    return PREFIX + activeKey + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  /** Reverses {@link #seal}; values stored before encryption was introduced pass through. */
  public String open(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    byte[] plain =
        decrypt(
            rest.substring(0, colon),
            Base64.getDecoder().decode(rest.substring(colon + 1)),
            PREFIX_BYTES);
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static final String PREFIX = "enc:v1:";
  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.UTF_8);
}
