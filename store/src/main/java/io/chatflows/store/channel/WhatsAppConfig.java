package io.chatflows.store.channel;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link WhatsAppProperties} ({@code CHATFLOW_WHATSAPP_GRAPH_BASE_URL}) in both apps. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WhatsAppProperties.class)
public class WhatsAppConfig {}
