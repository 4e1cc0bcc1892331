package io.chatflows.store.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code sha256=} and the hex HMAC-SHA256 of a raw body: how WhatsApp signs its webhooks ({@code
 * X-Hub-Signature-256}) and how Chat Flows signs the events it posts to a handoff webhook ({@code
 * X-Chatflow-Signature-256}).
 */
public final class Signatures {

  private Signatures() {}

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Constant-time comparison of the header with the expected signature. */
  public static boolean valid(String secret, byte[] body, String header) {
    if (header == null || secret == null) {
      return false;
    }
    byte[] expected = sign(secret, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(
        expected, header.trim().toLowerCase().getBytes(StandardCharsets.UTF_8));
  }
}
