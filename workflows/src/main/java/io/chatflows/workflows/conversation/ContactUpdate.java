package io.chatflows.workflows.conversation;

import java.util.List;
import java.util.Map;

/**
 * Changes to a stored contact made by an action node. Every field is optional.
 *
 * @param assignTeam the team the contact is assigned to
 * @param assignAgent the agent the contact is assigned to
 */
public record ContactUpdate(
    String workspaceId,
    ContactRef contact,
    List<String> addTags,
    List<String> removeTags,
    Map<String, String> setAttributes,
    String assignTeam,
    String assignAgent) {}
