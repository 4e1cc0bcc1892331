package io.chatflows.store.conversation;

import io.chatflows.workflows.conversation.ConversationStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.mongodb.core.convert.MongoConversionContext;
import org.springframework.data.mongodb.core.convert.MongoValueConverter;

/**
 * Stores a {@link ConversationStatus} as its wire name ({@code waiting}), the value documents have
 * always held, in documents, queries and updates alike. Declared on the property, so every {@code
 * MongoTemplate} applies it without extra configuration.
 */
public final class StatusValueConverter implements MongoValueConverter<ConversationStatus, String> {

  private static final Map<String, ConversationStatus> BY_WIRE_NAME =
      Arrays.stream(ConversationStatus.values())
          .collect(Collectors.toUnmodifiableMap(ConversationStatus::wireName, Function.identity()));

  /** The status with this wire name, if there is one. */
  public static Optional<ConversationStatus> fromWireName(String wireName) {
    return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
  }

  @Override
  public ConversationStatus read(String value, MongoConversionContext context) {
    return fromWireName(value)
        .orElseThrow(() -> new IllegalStateException("not a stored conversation status: " + value));
  }

  @Override
  public String write(ConversationStatus value, MongoConversionContext context) {
    return value.wireName();
  }
}
