package io.chatflows.store.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How both apps reach the WhatsApp Cloud API: the worker sends messages, the api checks that a
 * channel's access token manages its number. Enabled by {@link WhatsAppConfig}.
 *
 * @param graphBaseUrl base URL including the pinned Graph API version ({@code
 *     CHATFLOW_WHATSAPP_GRAPH_BASE_URL})
 * @param timeout connect and request timeout of one send
 */
@ConfigurationProperties("chatflow.whatsapp")
public record WhatsAppProperties(String graphBaseUrl, Duration timeout) {

  public WhatsAppProperties {
    graphBaseUrl =
        graphBaseUrl == null || graphBaseUrl.isBlank()
            ? "https://graph.facebook.com/v23.0"
            : graphBaseUrl;
    timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
  }
}
