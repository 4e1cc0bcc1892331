package io.chatflows.api.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Contact keys: HMAC-SHA256 of the contact's WhatsApp id under the workspace's secret salt. Stable,
 * and not reversible to the phone number without the salt.
 */
public final class ContactKeys {

  private ContactKeys() {}

  public static String of(String salt, String waId) {
    String digits = waId == null ? "" : waId.replaceAll("[^0-9]", "");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(digits.getBytes(StandardCharsets.UTF_8));
      return "ck_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
