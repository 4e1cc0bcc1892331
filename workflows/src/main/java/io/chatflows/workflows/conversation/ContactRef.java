package io.chatflows.workflows.conversation;

/**
 * The contact a conversation talks to.
 *
 * @param waId the contact's WhatsApp id (a phone number: personal data, never in ids or search
 *     attributes)
 * @param key the stable, non-reversible contact key used in workflow ids and search attributes
 */
public record ContactRef(String waId, String name, String key) {}
