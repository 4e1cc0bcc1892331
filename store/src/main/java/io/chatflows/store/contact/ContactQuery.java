package io.chatflows.store.contact;

/**
 * Which contacts of a workspace to list: all, or those matching every condition given.
 *
 * @param key the contact key ({@code ck_…}); null for any
 * @param tag a tag the contact has; null for any
 */
public record ContactQuery(String workspaceId, String key, String tag) {}
