package io.chatflows.worker.config;

import io.chatflows.worker.outbound.OutboundProperties;
import io.chatflows.worker.whatsapp.WhatsAppProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The worker's settings; workflow and activity registration is in {@code chatflow-worker.yml}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WhatsAppProperties.class, OutboundProperties.class})
public class WorkerConfig {}
