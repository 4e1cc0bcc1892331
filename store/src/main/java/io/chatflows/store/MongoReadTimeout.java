package io.chatflows.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A MongoDB that accepts connections and then never answers (a stuck server, a network that drops
 * packets) must not hold a request forever: the driver's default read timeout is none. Reads give
 * up after {@code chatflow.store.read-timeout} ({@code CHATFLOW_STORE_READ_TIMEOUT}, default 10 s)
 * unless the connection string sets {@code socketTimeoutMS}; the request is then answered 503.
 */
@Configuration(proxyBeanMethods = false)
class MongoReadTimeout {

  @Bean
  MongoClientSettingsBuilderCustomizer readTimeoutCustomizer(
      @Value("${chatflow.store.read-timeout:10s}") Duration timeout) {
    return settings ->
        settings.applyToSocketSettings(
            socket -> {
              if (socket.build().getReadTimeout(TimeUnit.MILLISECONDS) == 0) {
                socket.readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
              }
            });
  }
}
