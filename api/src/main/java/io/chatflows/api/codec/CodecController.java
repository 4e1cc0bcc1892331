package io.chatflows.api.codec;

import com.google.protobuf.ByteString;
import io.chatflows.api.config.ApiException;
import io.chatflows.store.crypto.EncryptedPayloadCodec;
import io.chatflows.store.crypto.UnsealedPayloadException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.Payload;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A codec server for the Temporal UI and CLI ({@code POST /codec/decode}, {@code /codec/encode},
 * bodies {@code {"payloads": [{"metadata": {name: base64}, "data": base64}]}}), so authorized
 * operators can read encrypted conversation payloads. Reachable only with {@code Authorization:
 * Bearer <CHATFLOW_ADMIN_TOKEN>}, which the bearer filter checks (404 when none is configured).
 */
@Tag(
    name = "Codec",
    description = "The codec server of the Temporal UI and CLI, for operators with the admin token")
@RestController
class CodecController {

  private final EncryptedPayloadCodec codec;

  CodecController(EncryptedPayloadCodec codec) {
    this.codec = codec;
  }

  /** One Temporal payload in the codec server's JSON form. */
  record JsonPayload(Map<String, String> metadata, String data) {}

  record JsonPayloads(List<JsonPayload> payloads) {}

  @Operation(operationId = "decodePayloads", summary = "Decrypt Temporal payloads for display")
  @PostMapping("/codec/decode")
  JsonPayloads decode(@RequestBody JsonPayloads body) {
    return convert(body, true);
  }

  @Operation(operationId = "encodePayloads", summary = "Encrypt Temporal payloads")
  @PostMapping("/codec/encode")
  JsonPayloads encode(@RequestBody JsonPayloads body) {
    return convert(body, false);
  }

  private JsonPayloads convert(JsonPayloads body, boolean decode) {
    if (body == null || body.payloads() == null) {
      throw ApiException.badRequest("invalid_payloads", "payloads is required");
    }
    List<Payload> payloads = body.payloads().stream().map(CodecController::toProto).toList();
    try {
      // Histories can hold plain payloads (a refused start, a forged signal): shown as they are.
      List<Payload> converted = decode ? codec.decodeForDisplay(payloads) : codec.encode(payloads);
      return new JsonPayloads(converted.stream().map(CodecController::toJson).toList());
    } catch (UnsealedPayloadException e) {
      throw ApiException.badRequest(
          "undecodable_payload", "a payload cannot be decoded with the configured keys");
    }
  }

  private static Payload toProto(JsonPayload json) {
    if (json == null || (json.metadata() != null && json.metadata().containsValue(null))) {
      throw ApiException.badRequest(
          "invalid_payloads", "each payload is an object whose metadata values are base64");
    }
    try {
      Payload.Builder payload = Payload.newBuilder();
      if (json.metadata() != null) {
        json.metadata()
            .forEach(
                (k, v) ->
                    payload.putMetadata(k, ByteString.copyFrom(Base64.getDecoder().decode(v))));
      }
      if (json.data() != null) {
        payload.setData(ByteString.copyFrom(Base64.getDecoder().decode(json.data())));
      }
      return payload.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_payloads", "metadata values and data must be base64");
    }
  }

  private static JsonPayload toJson(Payload payload) {
    Map<String, String> metadata = new LinkedHashMap<>();
    payload
        .getMetadataMap()
        .forEach((k, v) -> metadata.put(k, Base64.getEncoder().encodeToString(v.toByteArray())));
    return new JsonPayload(
        metadata, Base64.getEncoder().encodeToString(payload.getData().toByteArray()));
  }
}
