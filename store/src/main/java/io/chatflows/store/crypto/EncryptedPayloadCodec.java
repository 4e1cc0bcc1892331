package io.chatflows.store.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encrypts every Temporal payload (workflow inputs carry phone numbers, signals carry message text)
 * with AES-GCM. The encoded payload's metadata holds {@code encoding: binary/encrypted} and the key
 * id, so keys can rotate and the Temporal UI's codec endpoint can decode.
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

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decode).toList();
  }

  private Payload encode(Payload payload) {
    byte[] sealed = keyring.encrypt(payload.toByteArray(), AAD);
    return Payload.newBuilder()
        .putMetadata(METADATA_ENCODING, ByteString.copyFromUtf8(ENCODING))
        .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyring.activeKey()))
        .setData(ByteString.copyFrom(sealed))
        .build();
  }

  private Payload decode(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get(METADATA_ENCODING);
    if (encoding == null || !ENCODING.equals(encoding.toStringUtf8())) {
      return payload;
    }
    ByteString keyId = payload.getMetadataMap().get(METADATA_KEY_ID);
    if (keyId == null) {
      throw new PayloadCodecException("encrypted payload without a key id");
    }
    try {
      return Payload.parseFrom(
          keyring.decrypt(keyId.toStringUtf8(), payload.getData().toByteArray(), AAD));
    } catch (InvalidProtocolBufferException | IllegalStateException e) {
      throw new PayloadCodecException(e);
    }
  }
}
