package io.chatflows.standalone;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The embedded MongoDB-wire server's H2 backend, made durable on acknowledgement: every command
 * that changed the store commits it before its reply is sent. H2's MVStore on its own commits in
 * the background about once a second, so a write acknowledged less than a second before a {@code
 * kill -9} was lost. A commit writes the change to the data file, so an acknowledged write survives
 * the process dying; the file is not forced to the disk on each commit, so an operating-system
 * crash or power loss can still lose the writes the OS had not flushed yet.
 */
final class DurableH2Backend extends H2Backend {

  DurableH2Backend(String fileName) {
    super(fileName);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      // Also after a failed command: an insertMany stopped by a duplicate key has stored the
      // documents before it, and its error reply acknowledges them.
      if (getMvStore().hasUnsavedChanges()) {
        commit();
      }
    }
  }
}
