package io.chatflows.api.channel;

import io.chatflows.api.config.ApiException;
import io.chatflows.api.security.Workspace;
import io.chatflows.store.channel.ChannelDocument;
import io.chatflows.store.channel.ChannelStore;
import org.springframework.stereotype.Service;

/** Picks the channel a conversation sends from. */
@Service
public class Channels {

  private final ChannelStore channels;

  public Channels(ChannelStore channels) {
    this.channels = channels;
  }

  /** The channel with this {@code phone_number_id}, or the workspace's default when none given. */
  public ChannelDocument forSending(Workspace workspace, String phoneNumberId) {
    if (phoneNumberId == null || phoneNumberId.isBlank()) {
      return channels
          .defaultChannel(workspace.id())
          .orElseThrow(
              () -> ApiException.conflict("no_channel", "the workspace has no WhatsApp channel"));
    }
    return channels
        .find(workspace.id(), phoneNumberId)
        .orElseThrow(() -> ApiException.notFound("channel"));
  }
}
