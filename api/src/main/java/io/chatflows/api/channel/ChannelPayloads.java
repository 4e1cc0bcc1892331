package io.chatflows.api.channel;

import io.chatflows.api.config.ApiException;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.workflows.graph.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Request and response bodies of {@code /chat-flow/channels/}. */
final class ChannelPayloads {

  private static final Pattern PHONE_NUMBER_ID = Pattern.compile("[0-9]{1,32}");
  private static final int MAX_TEXT = 1_024;

  private ChannelPayloads() {}

  /**
   * Create, replace (PUT) or change (PATCH) a channel. {@code access_token}, {@code app_secret} and
   * {@code verify_token} are write-only; left out of a PUT or PATCH they keep their value.
   *
   * @param mode {@code cloud_api} or {@code sandbox} (default {@code sandbox})
   */
  record ChannelRequest(
      String phoneNumberId,
      String displayPhoneNumber,
      String wabaId,
      String accessToken,
      String appSecret,
      String verifyToken,
      String mode,
      Boolean isDefault) {}

  /** A channel as the API shows it: never its secrets, only whether each is set. */
  record ChannelResponse(
      String id,
      String phoneNumberId,
      String displayPhoneNumber,
      String wabaId,
      String mode,
      boolean isDefault,
      boolean hasAccessToken,
      boolean hasAppSecret,
      boolean hasVerifyToken,
      Instant createdAt) {

    static ChannelResponse of(ChannelDocument c) {
      return new ChannelResponse(
          c.id(),
          c.phoneNumberId(),
          c.displayPhoneNumber(),
          c.wabaId(),
          c.mode(),
          c.isDefault(),
          present(c.accessToken()),
          present(c.appSecret()),
          present(c.verifyToken()),
          c.createdAt());
    }
  }

  static String phoneNumberId(String value) {
    if (value == null || !PHONE_NUMBER_ID.matcher(value.trim()).matches()) {
      throw field("phone_number_id", "is required: WhatsApp's numeric id of the business number");
    }
    return value.trim();
  }

  static String mode(String value) {
    if (value == null) {
      return ChannelDocument.SANDBOX;
    }
    if (!ChannelDocument.CLOUD_API.equals(value) && !ChannelDocument.SANDBOX.equals(value)) {
      throw field("mode", "must be cloud_api or sandbox");
    }
    return value;
  }

  /** An optional text field: {@code null} stays {@code null}, blank is refused. */
  static String text(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank() || Limits.nameProblem(value, MAX_TEXT) != null) {
      throw field(
          field,
          "must be a non-blank text of at most "
              + MAX_TEXT
              + " characters without control characters");
    }
    return value.trim();
  }

  /** A {@code cloud_api} channel must be able to send and to verify webhooks. */
  static void requireCredentials(ChannelDocument channel) {
    if (!ChannelDocument.CLOUD_API.equals(channel.mode())) {
      return;
    }
    if (channel.accessToken() == null) {
      throw field("access_token", "is required for a cloud_api channel");
    }
    if (channel.appSecret() == null) {
      throw field("app_secret", "is required for a cloud_api channel");
    }
  }

  /** A 400 naming the field, e.g. {@code invalid_mode}, with the field in {@code errors}. */
  static ApiException field(String field, String problem) {
    String message = field + " " + problem;
    return new ApiException(
        HttpStatus.BAD_REQUEST,
        "invalid_" + field,
        message,
        List.of(Map.of("field", field, "code", "invalid", "message", message)));
  }

  private static boolean present(String secret) {
    return secret != null && !secret.isBlank();
  }
}
