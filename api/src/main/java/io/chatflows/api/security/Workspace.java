package io.chatflows.api.security;

import io.chatflows.workflows.conversation.ConversationIds;

/** The workspace of the authenticated request; controllers take it as a parameter. */
public record Workspace(String id, String name, String contactKeySalt) {

  /** The stable contact key of a WhatsApp id in this workspace. */
  public String contactKey(String waId) {
    return ContactKeys.of(contactKeySalt, waId);
  }

  public String workflowId(String channelId, String waId) {
    return ConversationIds.workflowId(id, channelId, contactKey(waId));
  }
}
