package io.chatflows.api.webhook;

/**
 * {@code X-Hub-Signature-256} of a WhatsApp webhook, checked with the app secret ({@link
 * io.chatflows.store.crypto.Signatures} holds the scheme).
 */
public final class Signatures {

  private Signatures() {}

  public static String sign(String appSecret, byte[] body) {
    return io.chatflows.store.crypto.Signatures.sign(appSecret, body);
  }

  /** Constant-time comparison of the header with the expected signature. */
  public static boolean valid(String appSecret, byte[] body, String header) {
    return io.chatflows.store.crypto.Signatures.valid(appSecret, body, header);
  }
}
