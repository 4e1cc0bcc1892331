package io.chatflows.store.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encrypts every Temporal payload (workflow inputs carry phone numbers, signals carry message text)
 * with AES-GCM. The encoded payload's metadata holds {@code encoding: binary/encrypted} and the key
 * id, so keys can rotate and the Temporal UI's codec endpoint can decode.
 *
 * <p>Sealing also authenticates: {@link #decode} accepts only payloads sealed with a key of this
 * keyring, so whoever can reach Temporal but holds no key cannot start or steer a conversation.
 * Only {@link #decodeForDisplay}, behind the operator's codec endpoint, passes plain payloads
 * through.
 */
public final class EncryptedPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  static final String METADATA_ENCODING = "encoding";
  static final String METADATA_KEY_ID = "encryption-key-id";
  private static final byte[] AAD = ENCODING.getBytes(StandardCharsets.UTF_8);

  private final Keyring keyring;

  public EncryptedPayloadCodec(Keyring keyring) {
    this.keyring = keyring;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encode).toList();
  }

  /**
   * Opens sealed payloads.
   *
   * @throws UnsealedPayloadException for a payload that is not sealed with a key of this keyring
   */
  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(payload -> open(payload, false)).toList();
  }

  /**
   * Like {@link #decode}, but a plain payload is returned as it is: for showing histories to an
   * operator, never for running them.
   */
  public List<Payload> decodeForDisplay(List<Payload> payloads) {
    return payloads.stream().map(payload -> open(payload, true)).toList();
  }

  private Payload encode(Payload payload) {
    byte[] sealed = keyring.encrypt(payload.toByteArray(), AAD);
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
        .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyring.activeKey()))
        .setData(ByteString.copyFrom(sealed))
        .build();
  }

  private Payload open(Payload payload, boolean plainAllowed) {
    ByteString encoding = payload.getMetadataMap().get(METADATA_ENCODING);
    if (encoding == null || !ENCODING.equals(encoding.toStringUtf8())) {
      if (plainAllowed) {
        return payload;
      }
      throw new UnsealedPayloadException("a payload is not sealed");
    }
    ByteString keyId = payload.getMetadataMap().get(METADATA_KEY_ID);
    if (keyId == null || !keyring.hasKey(keyId.toStringUtf8())) {
      throw new UnsealedPayloadException("a payload is sealed with no key this process holds");
    }
    try {
      return Payload.parseFrom(
          keyring.decrypt(keyId.toStringUtf8(), payload.getData().toByteArray(), AAD));
    } catch (InvalidProtocolBufferException | IllegalStateException e) {
      throw new UnsealedPayloadException("a sealed payload does not authenticate");
    }
  }
}
