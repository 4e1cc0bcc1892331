package io.chatflows.worker.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The handoff webhook's signing.
 *
 * @param secret the HMAC-SHA256 key of {@code X-Chatflow-Signature-256}; without one, nothing is
 *     forwarded (an unsigned event could not be trusted by the agent inbox)
 */
@ConfigurationProperties("chatflow.handoff")
public record HandoffProperties(String secret) {}
