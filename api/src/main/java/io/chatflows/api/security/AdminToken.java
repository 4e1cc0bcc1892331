package io.chatflows.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator token that opens {@code /admin/} and {@code /codec/}: {@code CHATFLOW_ADMIN_TOKEN}
 * ({@code chatflow.admin-token}), or the older {@code chatflow.bootstrap.admin-token} when that is
 * the one set. Unset, both paths answer 404.
 */
@Component
public class AdminToken {

  private final byte[] token;

  public AdminToken(
      @Value("${chatflow.admin-token:${chatflow.bootstrap.admin-token:}}") String token) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  public boolean configured() {
    return token != null;
  }

  /** Whether the credential (the value after {@code Bearer }) is the admin token. */
  public boolean matches(String credential) {
    return token != null
        && credential != null
        && MessageDigest.isEqual(token, credential.getBytes(StandardCharsets.UTF_8));
  }
}
