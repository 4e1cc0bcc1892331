package io.chatflows.api.codec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Temporal UI calls the codec from the operator's browser: allow its origin ({@code
 * CHATFLOW_CODEC_ALLOWED_ORIGINS}, default the docker-compose UI at http://localhost:8088).
 */
@Configuration(proxyBeanMethods = false)
class CodecCorsConfig implements WebMvcConfigurer {

  private final String[] origins;

  CodecCorsConfig(
      @Value("${chatflow.codec.allowed-origins:http://localhost:8088}") String[] origins) {
    this.origins = origins;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry
        .addMapping("/codec/**")
        .allowedOrigins(origins)
        .allowedMethods("POST", "OPTIONS")
        .allowedHeaders("Authorization", "Content-Type", "X-Namespace")
        .allowCredentials(true);
  }
}
