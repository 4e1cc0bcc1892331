package io.chatflows.store.crypto;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The keyring and the Temporal data converter that encrypts payloads with it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EncryptionProperties.class)
public class EncryptionConfig {

  @Bean
  Keyring keyring(EncryptionProperties properties) {
    return new Keyring(properties);
  }

  @Bean
  EncryptedPayloadCodec encryptedPayloadCodec(Keyring keyring) {
    return new EncryptedPayloadCodec(keyring);
  }

  /**
   * Picked up by the Temporal starter for the client and the workers: seals what it sends, refuses
   * what is not sealed with a known key.
   */
  @Bean
  DataConverter mainDataConverter(EncryptedPayloadCodec codec) {
    return new SealedDataConverter(
        new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true));
  }
}
