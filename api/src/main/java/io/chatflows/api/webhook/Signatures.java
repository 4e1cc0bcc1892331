package io.chatflows.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body. */
public final class Signatures {

  private Signatures() {}

  public static String sign(String appSecret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Constant-time comparison of the header with the expected signature. */
  public static boolean valid(String appSecret, byte[] body, String header) {
    if (header == null || appSecret == null) {
      return false;
    }
    byte[] expected = sign(appSecret, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(
        expected, header.trim().toLowerCase().getBytes(StandardCharsets.UTF_8));
  }
}
